/**
 * The fetch protocol of state transfer (paper §3.4) between replicas, on a channel of its own: ONC
 * RPC over TCP (oncrpc4j), program {@link org.bftnfs.statetransfer.rpc.StateTransferProgram#PROGRAM
 * 0x2BF75701} version 1, AUTH_NONE.
 *
 * <h2>Messages (XDR)</h2>
 *
 * <pre>
 *   enum status { OK = 0, NOT_HELD = 1, NO_SUCH_NODE = 2 };
 *
 *   void     NULL(void)                                    = 0;
 *
 *   struct children_args { hyper seq; unsigned level; unsigned index; };
 *   union children_res switch (status s) { case OK: opaque digest[32]&lt;fanout&gt;; default: void; };
 *   children_res CHILDREN(children_args)                   = 1;
 *
 *   struct object_args { hyper seq; unsigned index; unsigned hyper offset; unsigned count; };
 *   union object_res switch (status s) {
 *     case OK: unsigned hyper length; opaque part&lt;MAX_PART&gt;; default: void; };
 *   object_res OBJECT(object_args)                         = 2;
 *
 *   struct statement_args { hyper seq; };
 *   union statement_res switch (status s) {
 *     case OK: opaque root[32]; opaque signature&lt;MAX_SIGNATURE&gt;; default: void; };
 *   statement_res STATEMENT(statement_args)                = 3;
 * </pre>
 *
 * CHILDREN answers the {@code fanout} digests of the children of inner node {@code (level, index)}
 * of checkpoint {@code seq}'s partition tree, child 0 first (a child past the end of its level has
 * its level's empty digest); OBJECT the length of the canonical encoding of object {@code index} as
 * of checkpoint {@code seq} (the free encoding for a free object) and its bytes from {@code
 * offset}, {@code min(count, MAX_PART, length - offset)} of them ({@code MAX_PART} is {@link
 * org.bftnfs.statetransfer.rpc.StateTransferProgram#MAX_PART 1 MiB}): a value of any size moves in
 * parts, one call each, and neither side holds more of it than a part in a buffer (the server
 * copies a value of more than a part that its checkpoint did not copy, once, as a stream, and
 * serves the parts from that copy). Each digest list is a count followed by that many 32-byte
 * digests. STATEMENT answers the server's own root of its checkpoint {@code seq} and its signature
 * over ⟨seq, root⟩ ({@link org.bftnfs.statetransfer.CheckpointStatement#encode()}), with the
 * replica's key; NOT_HELD when it keeps no signed statement of that checkpoint. {@code
 * MAX_SIGNATURE} is {@link org.bftnfs.statetransfer.rpc.StateTransferProgram#MAX_SIGNATURE 1024}.
 *
 * <h2>What each side checks</h2>
 *
 * <ul>
 *   <li>The server ({@link org.bftnfs.statetransfer.rpc.StateTransferServer}) checks the form of
 *       the call: arguments of exactly the length above, else GARBAGE_ARGS (a truncated record, or
 *       one longer than its arguments); an unknown procedure gets PROC_UNAVAIL, another version
 *       PROG_UNAVAIL. It answers NOT_HELD for a checkpoint its store does not keep (never taken or
 *       discarded) and NO_SUCH_NODE for a node or object outside the tree (or a leaf asked for its
 *       children). It does not authenticate callers: it serves only what every correct replica
 *       holding the checkpoint would serve.
 *   <li>The clients ({@link org.bftnfs.statetransfer.rpc.RemoteStateSource}, {@link
 *       org.bftnfs.statetransfer.rpc.RemoteStatements}) check the form of the reply: an accepted
 *       RPC with status OK, a digest count of at most the fan-out and then exactly the fan-out, a
 *       value length of at most {@code maxObjectSize} bytes, the same in every part of a value, and
 *       parts of exactly the length due, a signature of at most {@code MAX_SIGNATURE} bytes, no
 *       bytes left over. A length is checked before anything is allocated for it. Any failure, and
 *       a call or connection that outlasts the timeout, makes the request answer null (the peer is
 *       then silent for the {@link org.bftnfs.statetransfer.Fetcher}).
 *   <li>The {@link org.bftnfs.statetransfer.Fetcher} checks the content against the root vouched by
 *       a checkpoint certificate: children must hash to their parent's vouched digest, a value to
 *       its leaf's. A lying peer is thus caught at its first wrong answer and reported faulty.
 *   <li>Whoever asks for statements ({@link org.bftnfs.statetransfer.rpc.RemoteStatements}) checks
 *       each signature with the signer's public key before counting it in a {@link
 *       org.bftnfs.statetransfer.CheckpointCertificate}: the channel is not trusted for them
 *       either.
 * </ul>
 *
 * <p>The timeout is the client's local affair: it decides which peer answers a request, never what
 * the fetched state is, so no local clock reaches the replica's state.
 *
 * <p>Not bounded here: the size of a record at the record-marking level (oncrpc4j buffers a record
 * until it is complete, so memory grows with the bytes a peer actually sends). A deployment that
 * exposes the channel beyond the replicas' network should put a record limit in front of it.
 */
package org.bftnfs.statetransfer.rpc;
