package keystorm.engine.api;

public enum BillingMode { PROVISIONED, PAY_PER_REQUEST }
