package keystorm.checker.linear;

import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** The models {@code --model NAME} knows. */
public final class Models {
    private static final Map<String, Function<JsonNode, Model<?, ?, ?>>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("register", initial -> new RegisterModel(false, startsWithValue(initial)));
        MODELS.put("cas-register", initial -> new RegisterModel(true, startsWithValue(initial)));
        MODELS.put("multi-register", initial -> new MultiRegisterModel());
        MODELS.put("set", initial -> new CollectionModels.SetModel());
        MODELS.put("counter", initial -> new CollectionModels.CounterModel());
        MODELS.put("list", initial -> new CollectionModels.ListModel());
        MODELS.put("kv", initial -> new KvModel());
        MODELS.put("item", initial -> new ItemModel());
    }

    private Models() {
    }

    /** The model, told its initial state (the register models read nil by it). */
    public static Model<?, ?, ?> byName(String name, JsonNode initial) {
        Function<JsonNode, Model<?, ?, ?>> model = MODELS.get(name);
        if (model == null) {
            throw new IllegalArgumentException("--model takes " + String.join(", ", MODELS.keySet()) + "; not '" + name + "'");
        }
        return model.apply(initial);
    }

    private static boolean startsWithValue(JsonNode initial) {
        return initial != null && !initial.isNull();
    }

    public static Iterable<String> names() {
        return MODELS.keySet();
    }
}
