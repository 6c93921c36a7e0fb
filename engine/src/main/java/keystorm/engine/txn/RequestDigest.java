package keystorm.engine.txn;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.item.AttributeEncoder;
import keystorm.engine.item.Bytes;

/**
 * A SHA-256 digest of a TransactWriteItems request's TransactItems, in a canonical encoding: two
 * lists of items have the same digest exactly when they are {@code equals} (up to SHA-256
 * collisions), which is what a retry under a ClientRequestToken must match. It is what the log
 * keeps of a completed request, so that a retry after a restart is still told from another
 * request under the same token (IdempotentParameterMismatchException) without logging the request.
 *
 * <p>Canonical because {@code equals} ignores order where the values do: attribute values, items
 * and keys are written by {@link AttributeEncoder#canonical} (map entries sorted by name, set
 * members sorted, strings as UTF-16 code units), and ExpressionAttributeNames sorted by name the
 * same way. A null (an absent expression, an absent ReturnValuesOnConditionCheckFailure) is its
 * own marker, as {@code equals} tells null from NONE.
 */
final class RequestDigest {
    private static final int NULL = AttributeEncoder.NULL;

    private RequestDigest() {
    }

    static Bytes of(List<TransactWriteItem> items) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            AttributeEncoder encoder = AttributeEncoder.canonical(out);
            out.writeInt(items.size());
            for (TransactWriteItem item : items) {
                writeItem(out, encoder, item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bytes.copyOf(sha256.digest());
    }

    private static void writeItem(DataOutputStream out, AttributeEncoder encoder, TransactWriteItem item)
            throws IOException {
        if (item == null) {
            out.writeByte(NULL);
            return;
        }
        switch (item) {
            case TransactWriteItem.Put put -> {
                out.writeByte(0);
                encoder.writeAttributes(put.item() == null ? null : put.item().attributes());
            }
            case TransactWriteItem.Update update -> {
                out.writeByte(1);
                encoder.writeAttributes(update.key());
                encoder.writeString(update.updateExpression());
            }
            case TransactWriteItem.Delete delete -> {
                out.writeByte(2);
                encoder.writeAttributes(delete.key());
            }
            case TransactWriteItem.ConditionCheck check -> {
                out.writeByte(3);
                encoder.writeAttributes(check.key());
            }
        }
        encoder.writeString(item.tableName());
        encoder.writeString(item.conditionExpression());
        ExpressionInput expressions = item.expressions();
        out.writeBoolean(expressions != null);
        if (expressions != null) {
            writeNames(out, encoder, expressions.names());
            encoder.writeAttributes(expressions.values());
        }
        out.writeInt(item.returnValuesOnConditionCheckFailure() == null ? NULL
                : item.returnValuesOnConditionCheckFailure().ordinal());
    }

    private static void writeNames(DataOutputStream out, AttributeEncoder encoder, Map<String, String> names)
            throws IOException {
        if (names == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(names.size());
        for (Map.Entry<String, String> entry : new TreeMap<>(names).entrySet()) {
            encoder.writeString(entry.getKey());
            encoder.writeString(entry.getValue());
        }
    }
}
