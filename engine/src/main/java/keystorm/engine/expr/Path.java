package keystorm.engine.expr;

import java.util.List;

/**
 * A document path as written: {@code a.#b[2].c}. Names are still unresolved (a {@code #name}
 * placeholder or a bare word); {@link ExpressionContext#resolve(Path)} turns it into the
 * attribute names it denotes.
 */
record Path(List<Step> steps) {
    Path {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getFirst() instanceof Step.Name)) {
            throw new IllegalArgumentException("a path starts with a name: " + steps);
        }
    }

    sealed interface Step {
        /** An attribute or map key: a bare word or a {@code #placeholder}. */
        record Name(String text) implements Step {
            boolean isPlaceholder() {
                return text.startsWith("#");
            }
        }

        record Index(int index) implements Step {
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            switch (step) {
                case Step.Name name -> {
                    if (!out.isEmpty()) {
                        out.append('.');
                    }
                    out.append(name.text());
                }
                case Step.Index index -> out.append('[').append(index.index()).append(']');
            }
        }
        return out.toString();
    }
}
