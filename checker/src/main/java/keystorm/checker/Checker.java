package keystorm.checker;

import keystorm.checker.history.History;

/**
 * Checks a history. Never throws on a bad history: a violated precondition is an UNKNOWN
 * result with the reason.
 */
public interface Checker {
    Result check(History history);
}
