package keystorm.engine.txn;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Num;

/**
 * A SHA-256 digest of a TransactWriteItems request's TransactItems, in a canonical encoding: two
 * lists of items have the same digest exactly when they are {@code equals} (up to SHA-256
 * collisions), which is what a retry under a ClientRequestToken must match. It is what the log
 * keeps of a completed request, so that a retry after a restart is still told from another
 * request under the same token (IdempotentParameterMismatchException) without logging the request.
 *
 * <p>Canonical because {@code equals} ignores order where the values do: map entries (items,
 * keys, ExpressionAttributeNames and Values, M) are written sorted by name, set members (SS, NS,
 * BS) sorted by their natural order, which for {@link Num} and {@link Bytes} agrees with equals.
 * Strings are written as UTF-16 code units, so that even unpaired surrogates stay distinct; a
 * null (an absent expression, an absent ReturnValuesOnConditionCheckFailure) is its own marker,
 * as {@code equals} tells null from NONE.
 */
final class RequestDigest {
    private static final int NULL = -1;

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
            out.writeInt(items.size());
            for (TransactWriteItem item : items) {
                writeItem(out, item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bytes.copyOf(sha256.digest());
    }

    private static void writeItem(DataOutputStream out, TransactWriteItem item) throws IOException {
        if (item == null) {
            out.writeByte(NULL);
            return;
        }
        switch (item) {
            case TransactWriteItem.Put put -> {
                out.writeByte(0);
                writeAttributes(out, put.item() == null ? null : put.item().attributes());
            }
            case TransactWriteItem.Update update -> {
                out.writeByte(1);
                writeAttributes(out, update.key());
                writeString(out, update.updateExpression());
            }
            case TransactWriteItem.Delete delete -> {
                out.writeByte(2);
                writeAttributes(out, delete.key());
            }
            case TransactWriteItem.ConditionCheck check -> {
                out.writeByte(3);
                writeAttributes(out, check.key());
            }
        }
        writeString(out, item.tableName());
        writeString(out, item.conditionExpression());
        ExpressionInput expressions = item.expressions();
        out.writeBoolean(expressions != null);
        if (expressions != null) {
            writeNames(out, expressions.names());
            writeAttributes(out, expressions.values());
        }
        out.writeInt(item.returnValuesOnConditionCheckFailure() == null ? NULL
                : item.returnValuesOnConditionCheckFailure().ordinal());
    }

    private static void writeNames(DataOutputStream out, Map<String, String> names) throws IOException {
        if (names == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(names.size());
        for (Map.Entry<String, String> entry : new TreeMap<>(names).entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    private static void writeAttributes(DataOutputStream out, Map<String, AttributeValue> attributes) throws IOException {
        if (attributes == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(attributes.size());
        for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(attributes).entrySet()) {
            writeString(out, entry.getKey());
            writeValue(out, entry.getValue());
        }
    }

    private static void writeValue(DataOutputStream out, AttributeValue value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case AttributeValue.S s -> {
                out.writeByte(0);
                writeString(out, s.value());
            }
            case AttributeValue.N n -> {
                out.writeByte(1);
                writeString(out, n.value().toString()); // normalised: equal numbers print alike
            }
            case AttributeValue.B b -> {
                out.writeByte(2);
                writeBytes(out, b.value());
            }
            case AttributeValue.SS ss -> {
                out.writeByte(3);
                List<String> sorted = new ArrayList<>(ss.values());
                sorted.sort(null);
                out.writeInt(sorted.size());
                for (String s : sorted) {
                    writeString(out, s);
                }
            }
            case AttributeValue.NS ns -> {
                out.writeByte(4);
                List<Num> sorted = new ArrayList<>(ns.values());
                sorted.sort(null);
                out.writeInt(sorted.size());
                for (Num n : sorted) {
                    writeString(out, n.toString());
                }
            }
            case AttributeValue.BS bs -> {
                out.writeByte(5);
                List<Bytes> sorted = new ArrayList<>(bs.values());
                sorted.sort(null);
                out.writeInt(sorted.size());
                for (Bytes b : sorted) {
                    writeBytes(out, b);
                }
            }
            case AttributeValue.M m -> {
                out.writeByte(6);
                writeAttributes(out, m.values());
            }
            case AttributeValue.L l -> {
                out.writeByte(7);
                out.writeInt(l.values().size());
                for (AttributeValue element : l.values()) {
                    writeValue(out, element);
                }
            }
            case AttributeValue.Bool bool -> {
                out.writeByte(8);
                out.writeBoolean(bool.value());
            }
            case AttributeValue.Null ignored -> out.writeByte(9);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(s.length());
        out.writeChars(s);
    }

    private static void writeBytes(DataOutputStream out, Bytes bytes) throws IOException {
        byte[] raw = bytes.toByteArray();
        out.writeInt(raw.length);
        out.write(raw);
    }
}
