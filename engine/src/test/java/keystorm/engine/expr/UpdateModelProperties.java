package keystorm.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * UpdateExpression against a model of items written the obvious way: numbers as BigDecimal,
 * lists as ArrayList, every action computed from the old item. Random items, random updates
 * of SET (constant, arithmetic, list index), REMOVE (attribute, list indexes) and ADD, each
 * on its own attribute, must give what the model gives, or fail where the model fails.
 */
class UpdateModelProperties {
    private static final String[] SCALARS = {"a0", "a1", "a2", "a3", "a4", "a5"};
    private static final String[] LISTS = {"l0", "l1"};

    @Property(tries = 1000)
    void updatesAgreeWithTheModel(@ForAll long seed) {
        Random random = new Random(seed);
        Map<String, Object> model = new HashMap<>();
        for (String name : SCALARS) {
            if (random.nextInt(3) != 0) {
                model.put(name, BigDecimal.valueOf(random.nextInt(200) - 100));
            }
        }
        for (String name : LISTS) {
            if (random.nextBoolean()) {
                List<BigDecimal> list = new ArrayList<>();
                for (int i = 0, n = random.nextInt(5); i < n; i++) {
                    list.add(BigDecimal.valueOf(random.nextInt(10)));
                }
                model.put(name, list);
            }
        }
        Item old = toItem(model);
        Map<String, Object> expected = new HashMap<>(model);
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        boolean expectFailure = false;
        List<String> free = new ArrayList<>(List.of(SCALARS));
        java.util.Collections.shuffle(free, random);
        int actions = 1 + random.nextInt(4);
        for (int i = 0; i < actions && free.size() > 1; i++) {
            String target = free.removeFirst();
            String valueName = ":v" + i;
            BigDecimal constant = BigDecimal.valueOf(random.nextInt(50));
            switch (random.nextInt(4)) {
                case 0 -> {
                    sets.add(target + " = " + valueName);
                    values.put(valueName, AttributeValue.n(constant.toPlainString()));
                    expected.put(target, constant);
                }
                case 1 -> {
                    String source = free.get(random.nextInt(free.size())); // read only: may overlap nothing
                    sets.add(target + " = " + source + " + " + valueName);
                    values.put(valueName, AttributeValue.n(constant.toPlainString()));
                    if (model.get(source) instanceof BigDecimal number) {
                        expected.put(target, number.add(constant));
                    } else {
                        expectFailure = true;
                    }
                }
                case 2 -> {
                    removes.add(target);
                    expected.remove(target);
                }
                default -> {
                    adds.add(target + " " + valueName);
                    values.put(valueName, AttributeValue.n(constant.toPlainString()));
                    Object existing = model.get(target);
                    expected.put(target, existing == null ? constant : ((BigDecimal) existing).add(constant));
                }
            }
        }
        String list = LISTS[random.nextInt(LISTS.length)];
        if (random.nextBoolean() && model.get(list) instanceof List<?> original) {
            @SuppressWarnings("unchecked")
            List<BigDecimal> elements = new ArrayList<>((List<BigDecimal>) original);
            if (random.nextBoolean()) {
                int index = random.nextInt(elements.size() + 3);
                sets.add(list + "[" + index + "] = :lv");
                values.put(":lv", AttributeValue.n(7));
                if (index < elements.size()) {
                    elements.set(index, BigDecimal.valueOf(7));
                } else {
                    elements.add(BigDecimal.valueOf(7));
                }
            } else {
                TreeSet<Integer> indexes = new TreeSet<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    indexes.add(random.nextInt(elements.size() + 2));
                }
                for (int index : indexes) {
                    removes.add(list + "[" + index + "]");
                }
                for (int index : indexes.descendingSet()) {
                    if (index < elements.size()) {
                        elements.remove(index);
                    }
                }
            }
            expected.put(list, elements);
        }
        StringBuilder text = new StringBuilder();
        if (!sets.isEmpty()) {
            text.append("SET ").append(String.join(", ", sets)).append(' ');
        }
        if (!removes.isEmpty()) {
            text.append("REMOVE ").append(String.join(", ", removes)).append(' ');
        }
        if (!adds.isEmpty()) {
            text.append("ADD ").append(String.join(", ", adds));
        }
        if (text.isEmpty()) {
            return;
        }
        Update update = Expressions.update(text.toString().strip(),
                new ExpressionContext(null, values.isEmpty() ? null : values));
        if (expectFailure) {
            assertThatThrownBy(() -> update.apply(old)).isInstanceOf(DynamoException.class);
        } else {
            assertThat(update.apply(old)).as(text.toString()).isEqualTo(toItem(expected));
        }
    }

    private static Item toItem(Map<String, Object> model) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : model.entrySet()) {
            attributes.put(entry.getKey(), toValue(entry.getValue()));
        }
        return Item.of(attributes);
    }

    private static AttributeValue toValue(Object value) {
        if (value instanceof BigDecimal number) {
            return new AttributeValue.N(Num.of(number));
        }
        List<AttributeValue> elements = new ArrayList<>();
        for (Object element : (List<?>) value) {
            elements.add(toValue(element));
        }
        return AttributeValue.l(elements);
    }
}
