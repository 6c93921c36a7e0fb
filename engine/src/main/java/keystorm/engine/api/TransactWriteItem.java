package keystorm.engine.api;

import java.util.Map;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;

/** One action of TransactWriteItems: Put, Update, Delete or ConditionCheck. */
public sealed interface TransactWriteItem {
    String tableName();

    String conditionExpression();

    ExpressionInput expressions();

    ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure();

    record Put(String tableName, Item item, String conditionExpression, ExpressionInput expressions,
               ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) implements TransactWriteItem {
        public Put {
            expressions = expressions == null ? ExpressionInput.NONE : expressions;
        }

        public static Put of(String tableName, Item item) {
            return new Put(tableName, item, null, null, null);
        }
    }

    record Update(String tableName, Map<String, AttributeValue> key, String updateExpression,
                  String conditionExpression, ExpressionInput expressions,
                  ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) implements TransactWriteItem {
        public Update {
            expressions = expressions == null ? ExpressionInput.NONE : expressions;
        }

        public static Update of(String tableName, Map<String, AttributeValue> key, String updateExpression,
                                String conditionExpression, ExpressionInput expressions) {
            return new Update(tableName, key, updateExpression, conditionExpression, expressions, null);
        }
    }

    record Delete(String tableName, Map<String, AttributeValue> key, String conditionExpression,
                  ExpressionInput expressions,
                  ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure) implements TransactWriteItem {
        public Delete {
            expressions = expressions == null ? ExpressionInput.NONE : expressions;
        }

        public static Delete of(String tableName, Map<String, AttributeValue> key) {
            return new Delete(tableName, key, null, null, null);
        }
    }

    record ConditionCheck(String tableName, Map<String, AttributeValue> key, String conditionExpression,
                          ExpressionInput expressions,
                          ReturnValuesOnConditionCheckFailure returnValuesOnConditionCheckFailure)
            implements TransactWriteItem {
        public ConditionCheck {
            expressions = expressions == null ? ExpressionInput.NONE : expressions;
        }

        public static ConditionCheck of(String tableName, Map<String, AttributeValue> key, String conditionExpression,
                                        ExpressionInput expressions) {
            return new ConditionCheck(tableName, key, conditionExpression, expressions, null);
        }
    }
}
