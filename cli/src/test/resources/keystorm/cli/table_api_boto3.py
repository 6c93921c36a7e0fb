"""What an application's infrastructure code does with a table, against `keystorm serve --table-status-delay 2s`:
create it with tags and wait for it, change its capacity and wait again, tag it, send a gzip-compressed request,
read the limits and endpoints, delete it and wait for it to be gone. Prints one line a step."""
import sys
import time

import boto3
import botocore
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="any", aws_secret_access_key="any", region_name="us-east-1")
client = session.client("dynamodb", endpoint_url=endpoint)
wait = {"Delay": 1, "MaxAttempts": 20}


def error(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]


created = client.create_table(TableName="orders", BillingMode="PROVISIONED",
                              KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                              ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                              Tags=[{"Key": "team", "Value": "storage"}])
print("create:", created["TableDescription"]["TableStatus"])
print("put while creating:", error(lambda: client.put_item(TableName="orders", Item={"p": {"S": "a"}})))
print("delete while creating:", error(lambda: client.delete_table(TableName="orders")))
started = time.monotonic()
client.get_waiter("table_exists").wait(TableName="orders", WaiterConfig=wait)
print("exists:", client.describe_table(TableName="orders")["Table"]["TableStatus"], time.monotonic() - started >= 1.5)
print("put:", error(lambda: client.put_item(TableName="orders", Item={"p": {"S": "a"}})))

updated = client.update_table(TableName="orders", ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5})
print("update:", updated["TableDescription"]["TableStatus"])
print("update again:", error(lambda: client.update_table(
    TableName="orders", ProvisionedThroughput={"ReadCapacityUnits": 20, "WriteCapacityUnits": 5})))
client.get_waiter("table_exists").wait(TableName="orders", WaiterConfig=wait)
table = client.describe_table(TableName="orders")["Table"]
print("updated:", table["TableStatus"], table["ProvisionedThroughput"]["ReadCapacityUnits"])

arn = table["TableArn"]
client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}])
client.untag_resource(ResourceArn=arn, TagKeys=["team"])
print("tags:", sorted((t["Key"], t["Value"]) for t in client.list_tags_of_resource(ResourceArn=arn)["Tags"]))

# boto3 compresses only operations its model marks: mark them all, as ScyllaDB's test_compressed_request.py does
compressing = session.client("dynamodb", endpoint_url=endpoint,
                             config=botocore.config.Config(request_min_compression_size_bytes=1))
description = compressing.meta.service_model._service_description
for name in description["operations"]:
    description["operations"][name]["requestcompression"] = {"encodings": ["gzip"]}
compressing.put_item(TableName="orders", Item={"p": {"S": "gz"}, "v": {"S": "x" * 10000}})
print("gzip:", len(client.get_item(TableName="orders", Key={"p": {"S": "gz"}}, ConsistentRead=True)["Item"]["v"]["S"]))

limits = client.describe_limits()
print("limits:", limits["AccountMaxReadCapacityUnits"], limits["TableMaxWriteCapacityUnits"])
endpoints = client.describe_endpoints()["Endpoints"]
print("endpoints:", len(endpoints), endpoints[0]["CachePeriodInMinutes"],
      "http://" + endpoints[0]["Address"] == endpoint)

print("delete:", client.delete_table(TableName="orders")["TableDescription"]["TableStatus"])
print("create while deleting:", error(lambda: client.create_table(
    TableName="orders", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}])))
client.get_waiter("table_not_exists").wait(TableName="orders", WaiterConfig=wait)
print("gone:", error(lambda: client.describe_table(TableName="orders")))
