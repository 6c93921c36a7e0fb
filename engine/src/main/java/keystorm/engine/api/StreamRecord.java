package keystorm.engine.api;

import java.time.Instant;
import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/**
 * One change as GetRecords answers it. The images are null where the stream's view type leaves them
 * out (and {@code oldImage} for an INSERT, {@code newImage} for a REMOVE); {@code userIdentity} is
 * null except for Time to Live's deletions. {@code sizeBytes} counts keys and images as DynamoDB does.
 */
public record StreamRecord(String eventId, OperationType eventName, String awsRegion,
                           Instant approximateCreationDateTime, Map<String, AttributeValue> keys, Item newImage,
                           Item oldImage, String sequenceNumber, long sizeBytes, StreamViewType streamViewType,
                           Identity userIdentity) {
    public StreamRecord {
        keys = Map.copyOf(keys);
    }
}
