package keystorm.engine.api;

/** ReturnValues of PutItem, UpdateItem and DeleteItem. */
public enum ReturnValue { NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW }
