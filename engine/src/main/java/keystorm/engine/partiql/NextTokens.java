package keystorm.engine.partiql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Num;

/**
 * ExecuteStatement's NextToken: opaque to the client, here the statement's hash (a token is refused
 * for another statement), which partition key value of an IN the read had reached, and the
 * LastEvaluatedKey of the page (key attributes are S, N or B only).
 */
final class NextTokens {
    private static final int VERSION = 1;
    private static final int KEY_ATTRIBUTES_MAX = 4;

    private NextTokens() {
    }

    record Position(int partitionIndex, Map<String, AttributeValue> lastEvaluatedKey) {
    }

    static String encode(String statement, Position position) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(statement.hashCode());
            out.writeInt(position.partitionIndex());
            Map<String, AttributeValue> key = position.lastEvaluatedKey();
            out.writeByte(key == null ? 0 : key.size());
            if (key != null) {
                for (Map.Entry<String, AttributeValue> attribute : key.entrySet()) {
                    out.writeUTF(attribute.getKey());
                    switch (attribute.getValue()) {
                        case AttributeValue.S s -> {
                            out.writeByte('S');
                            out.writeUTF(s.value());
                        }
                        case AttributeValue.N n -> {
                            out.writeByte('N');
                            out.writeUTF(n.value().toString());
                        }
                        case AttributeValue.B b -> {
                            out.writeByte('B');
                            out.writeUTF(b.value().toBase64());
                        }
                        default -> throw new IllegalStateException("a key attribute that is not S, N or B: "
                                + attribute);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    static Position decode(String statement, String token) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(token)))) {
            if (in.readByte() != VERSION || in.readInt() != statement.hashCode()) {
                throw invalid();
            }
            int partitionIndex = in.readInt();
            int size = in.readByte();
            if (partitionIndex < 0 || size < 0 || size > KEY_ATTRIBUTES_MAX) {
                throw invalid();
            }
            Map<String, AttributeValue> key = size == 0 ? null : new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                String name = in.readUTF();
                int type = in.readByte();
                String text = in.readUTF();
                key.put(name, switch (type) {
                    case 'S' -> AttributeValue.s(text);
                    case 'N' -> new AttributeValue.N(Num.parse(text));
                    case 'B' -> new AttributeValue.B(Bytes.fromBase64(text));
                    default -> throw invalid();
                });
            }
            if (in.available() > 0) {
                throw invalid();
            }
            return new Position(partitionIndex, key);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static DynamoException invalid() {
        return DynamoException.validation("Invalid NextToken");
    }
}
