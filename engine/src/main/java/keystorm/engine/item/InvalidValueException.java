package keystorm.engine.item;

import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/** A value DynamoDB would reject: a ValidationException with DynamoDB's wording. */
public final class InvalidValueException extends DynamoException {
    public InvalidValueException(String message) {
        super(ErrorType.ValidationException, message);
    }
}
