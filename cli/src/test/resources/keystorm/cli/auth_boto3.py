import sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"

def client(key, secret):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))

def attempt(what, call):
    try:
        result = call()
        print(what + ": ok" + ("" if result is None else " " + str(result)))
    except ClientError as e:
        print(what + ": " + e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"])

admin, alice = client("AKIDADMIN", "admin-secret"), client("AKIDALICE", "alice-secret")
admin.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                   AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                                         {"AttributeName": "id", "AttributeType": "N"}],
                   KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
                              {"AttributeName": "id", "KeyType": "RANGE"}])
admin.put_item(TableName="orders", Item={"customer": {"S": "bob"}, "id": {"N": "1"}, "total": {"N": "30"}})
alice_order = {"customer": {"S": "alice"}, "id": {"N": "1"}, "total": {"N": "12"}}
bob_key = {"customer": {"S": "bob"}, "id": {"N": "1"}}

attempt("alice puts her order", lambda: alice.put_item(TableName="orders", Item=alice_order) and None)
attempt("alice queries her orders", lambda: alice.query(
    TableName="orders", KeyConditionExpression="customer = :me",
    ExpressionAttributeValues={":me": {"S": "alice"}})["Count"])
attempt("alice reads bob's order", lambda: alice.get_item(TableName="orders", Key=bob_key))
attempt("alice scans", lambda: alice.scan(TableName="orders"))
attempt("alice writes hers and bob's in one transaction", lambda: alice.transact_write_items(TransactItems=[
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "alice"}, "id": {"N": "2"}}}},
    {"Delete": {"TableName": "orders", "Key": bob_key}}]))
attempt("alice's order 2 was written", lambda: "Item" in admin.get_item(
    TableName="orders", Key={"customer": {"S": "alice"}, "id": {"N": "2"}}, ConsistentRead=True))
attempt("bob's order is still there", lambda: admin.get_item(
    TableName="orders", Key=bob_key, ConsistentRead=True)["Item"]["total"]["N"])
attempt("a wrong secret", lambda: client("AKIDALICE", "guess").list_tables())
attempt("an unknown key", lambda: client("AKIDMALLORY", "x").list_tables())
