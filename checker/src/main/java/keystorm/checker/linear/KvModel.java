package keystorm.checker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import keystorm.checker.history.Call;

/**
 * Porcupine's key-value model, for one key (histories are split by key first): the value is a
 * string, "" when missing; {@code get} returns it, {@code put} replaces it, {@code append}
 * extends it.
 */
record KvModel() implements Model {
    @Override
    public Object initialState(JsonNode initial) {
        return initial == null || initial.isNull() ? "" : initial.asText();
    }

    @Override
    public Object step(Object state, Call call) {
        String value = (String) state;
        return switch (call.f()) {
            case "get" -> call.indeterminate() || value.equals(text(call.output())) ? value : null;
            case "put" -> text(call.input());
            case "append" -> value + text(call.input());
            default -> throw new IllegalArgumentException("the kv model knows get, put and append, not " + call.describe());
        };
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    @Override
    public String needs(Call call) {
        return call.f().equals("get") && call.output() != null ? "the value \"" + text(call.output()) + "\"" : null;
    }

    @Override
    public String describe(Object state) {
        return "the value \"" + state + "\"";
    }
}
