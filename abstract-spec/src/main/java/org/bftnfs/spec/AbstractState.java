package org.bftnfs.spec;

/** STUB — being written. */
public final class AbstractState {}
