/**
 * Histories of concurrent clients' calls on the files of one directory, and their checker (issue
 * 14): a test records every call with {@link org.bftnfs.testkit.history.History} (invocation and
 * completion times from its own clock, outcome OK, a definite error, or unknown) and asserts at the
 * end that {@link org.bftnfs.testkit.history.HistoryChecker} finds no lost acknowledged write, no
 * stale read, no read of a value never written, no duplicate execution of a non-idempotent call,
 * and no listing that disagrees with the names created and removed.
 */
package org.bftnfs.testkit.history;
