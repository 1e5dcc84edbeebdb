package org.bftnfs.spec.upcall;

/**
 * One entry of the abstract state as the state-conversion upcalls move it (paper Figure 1: {@code
 * get_obj}, {@code put_objs}): its index in the array and its canonical encoding ({@code
 * ObjectCodec}: generation and object, or the free entry).
 *
 * @param index the entry's index in the abstract state's array
 * @param encoding the entry's canonical encoding (owned by the value: not changed afterwards)
 */
public record ObjectValue(int index, byte[] encoding) {}
