package org.bftnfs.spec.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.bftnfs.spec.Oid;

/**
 * A directory: metadata, its parent, and its entries ordered lexicographically by name bytes (paper
 * §3.1).
 *
 * <p>Readdir cookies (RFC 1813 §3.3.16) are part of the abstract state so that every replica hands
 * out the same ones and a listing interrupted by changes neither skips nor repeats unchanged
 * entries:
 *
 * <ul>
 *   <li>cookie 1 is ".", cookie 2 is "..", and each entry gets the next value of a per-directory
 *       counter when it is linked (never reused within the directory's life);
 *   <li>a listing resumes after the name the cookie belonged to, in name order;
 *   <li>when an entry is removed, its cookie and name are remembered (the most recent {@value
 *       #REMEMBERED_REMOVALS} removals), so a listing holding that cookie still resumes at the
 *       right place; an older or unknown cookie is {@code NFS3ERR_BAD_COOKIE}.
 * </ul>
 */
public final class DirectoryObject extends AbstractObject {

  /** Cookie of the "." entry. */
  public static final long DOT_COOKIE = 1;

  /** Cookie of the ".." entry. */
  public static final long DOTDOT_COOKIE = 2;

  /** First cookie handed to a named entry. */
  public static final long FIRST_ENTRY_COOKIE = 3;

  /** How many removed entries a directory remembers for resuming listings. */
  public static final int REMEMBERED_REMOVALS = 256;

  /** A named entry: the object it refers to and its readdir cookie. */
  public record Entry(Oid oid, long cookie) {}

  /** A removed entry still usable as a readdir resume point. */
  public record Removal(long cookie, Name name) {}

  private Oid parent;
  private final TreeMap<Name, Entry> entries;
  private long nextCookie;
  private final Deque<Removal> removals;
  // cookie -> name of live entries and remembered removals; looked up, never iterated
  private final Map<Long, Name> resumeNames = new HashMap<>();

  public DirectoryObject(Metadata meta, Oid parent) {
    this(meta, parent, new TreeMap<>(), FIRST_ENTRY_COOKIE, new ArrayList<>());
  }

  /** A directory with the given contents (decoding, state transfer). */
  public DirectoryObject(
      Metadata meta,
      Oid parent,
      NavigableMap<Name, Entry> entries,
      long nextCookie,
      List<Removal> removals) {
    super(meta);
    this.parent = parent;
    this.entries = new TreeMap<>(entries);
    this.nextCookie = nextCookie;
    this.removals = new ArrayDeque<>(removals);
    for (Removal r : removals) {
      resumeNames.put(r.cookie(), r.name());
    }
    for (var e : entries.entrySet()) {
      resumeNames.put(e.getValue().cookie(), e.getKey());
    }
  }

  /** The directory's parent; the root is its own parent. */
  public Oid parent() {
    return parent;
  }

  public void setParent(Oid parent) {
    this.parent = parent;
  }

  /** The entries in name order (unmodifiable view). */
  public NavigableMap<Name, Entry> entries() {
    return Collections.unmodifiableNavigableMap(entries);
  }

  public Entry get(Name name) {
    return entries.get(name);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The counter the next linked entry's cookie comes from. */
  public long nextCookie() {
    return nextCookie;
  }

  /** Removed entries still remembered, oldest first. */
  public List<Removal> removals() {
    return new ArrayList<>(removals);
  }

  /** Links {@code name} to {@code oid} with a fresh cookie; the name must not exist. */
  public void link(Name name, Oid oid) {
    if (entries.containsKey(name)) {
      throw new IllegalStateException("entry exists: " + name);
    }
    resumeNames.put(nextCookie, name);
    entries.put(name, new Entry(oid, nextCookie++));
  }

  /** Removes {@code name}, remembering its cookie for listings in progress. */
  public Entry unlink(Name name) {
    Entry e = entries.remove(name);
    if (e == null) {
      throw new IllegalStateException("no entry: " + name);
    }
    removals.addLast(new Removal(e.cookie(), name));
    if (removals.size() > REMEMBERED_REMOVALS) {
      resumeNames.remove(removals.removeFirst().cookie());
    }
    return e;
  }

  /**
   * The name after which a listing holding {@code cookie} continues, or {@code null} when the
   * cookie is unknown. Cookies 1 and 2 ("." and "..") resume before every named entry: the returned
   * name is then the empty name, which sorts first and is never an entry.
   */
  public Name resumePoint(long cookie) {
    if (cookie == DOT_COOKIE || cookie == DOTDOT_COOKIE) {
      return EMPTY;
    }
    return resumeNames.get(cookie);
  }

  private static final Name EMPTY = Name.of(new byte[0]);

  @Override
  public ObjectType type() {
    return ObjectType.DIRECTORY;
  }

  /** Directories report a fixed abstract size of 4096 bytes. */
  @Override
  public long size() {
    return 4096;
  }

  @Override
  public DirectoryObject copy() {
    return new DirectoryObject(meta().copy(), parent, entries, nextCookie, removals());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirectoryObject d
        && d.meta().equals(meta())
        && d.parent.equals(parent)
        && d.entries.equals(entries)
        && d.nextCookie == nextCookie
        && d.removals().equals(removals());
  }

  @Override
  public int hashCode() {
    return meta().hashCode() * 31 + entries.hashCode();
  }
}
