package keystorm.engine;

import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.expr.ExpressionContext;

/** Checks shared by every operation's request. */
final class Requests {
    private Requests() {
    }

    /**
     * The request's placeholders. DynamoDB refuses names or values in a request that has no
     * expression to use them ("ExpressionAttributeValues can only be specified when using
     * expressions").
     */
    static ExpressionContext context(ExpressionInput input, boolean anyExpression) {
        if (!anyExpression) {
            if (input.values() != null) {
                throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions");
            }
            if (input.names() != null) {
                throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
        }
        return new ExpressionContext(input.names(), input.values());
    }

    static boolean wantsCapacity(ReturnConsumedCapacity returnConsumedCapacity) {
        return returnConsumedCapacity != null && returnConsumedCapacity != ReturnConsumedCapacity.NONE;
    }

    static void checkLimit(Integer limit) {
        if (limit != null && limit < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
    }
}
