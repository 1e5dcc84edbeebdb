/**
 * Incremental checkpoints and hierarchical state transfer over the abstract state, after Castro,
 * Rodrigues and Liskov, "Using Abstraction To Improve Fault Tolerance" (§2.2 checkpoints and state
 * transfer, §3.4 the partition tree). Pure logic on values: only the JDK, no I/O, no threads of its
 * own; the replica plugs it into its execution thread, its upcalls ({@code modify}, {@code getObj},
 * {@code putObjs}) and its network. The fetch protocol that carries {@link
 * org.bftnfs.statetransfer.StateSource} requests between replicas over ONC RPC lives apart, in
 * {@link org.bftnfs.statetransfer.rpc}.
 *
 * <h2>Tree shape</h2>
 *
 * {@link org.bftnfs.statetransfer.TreeShape}: {@code capacity} objects (up to 2^30), {@code fanout}
 * children per inner node (2 to 1024). Level 0 has one leaf per object; level {@code l} has {@code
 * ceil(capacity / fanout^l)} nodes; the root is the single node of level {@code height}, the
 * smallest {@code h >= 1} with {@code fanout^h >= capacity}. Node {@code j} of level {@code l} has
 * children {@code j*fanout .. j*fanout + fanout - 1} of level {@code l - 1}; a child past the end
 * of its level covers no object and counts as empty.
 *
 * <h2>Digests</h2>
 *
 * SHA-256 over {@code P = "bftnfs-st1"}, a one-byte tag and big-endian fields ({@link
 * org.bftnfs.statetransfer.TreeHasher}):
 *
 * <ul>
 *   <li>{@code empty(0) = H(P, 0x00, freeEncoding)}: the digest of every free leaf, whatever its
 *       index;
 *   <li>{@code empty(l) = H(P, 0x02, u8 l, u32 fanout, empty(l-1))}: the digest of every subtree of
 *       level {@code l} whose leaves are all free;
 *   <li>leaf {@code i} with a value {@code v} other than the free encoding: {@code H(P, 0x01, u32
 *       i, v)};
 *   <li>inner node {@code (l, j)}: {@code empty(l)} if all its children are {@code empty(l-1)},
 *       else {@code H(P, 0x03, u8 l, u32 j, child_0 .. child_{fanout-1})}.
 * </ul>
 *
 * Every node's digest is thus a function of the values below it alone (the tree is canonical: all
 * correct replicas with the same abstract state have the same root), binds the positions (a value
 * moved to another index, or a subtree to another place, changes the digest), and an all-free
 * subtree costs nothing to store or compute.
 *
 * <h2>Sparse, incremental tree</h2>
 *
 * {@link org.bftnfs.statetransfer.PartitionTree} stores a node only while its digest differs from
 * its level's empty digest: with {@code m} objects in use at most {@code m × (height + 1)} nodes.
 * Changes are recorded ({@code update}, {@code markDirty}) and the next root computation re-hashes
 * only the changed leaves and those ancestors whose children changed, a level at a time.
 *
 * <h2>Copy-on-write checkpoints</h2>
 *
 * {@link org.bftnfs.statetransfer.CheckpointStore} (§2.2): {@code modify(i)} comes before object
 * {@code i} changes; if it is the first change of {@code i} since the latest checkpoint, the
 * current value (from {@code getObj}) is copied into that checkpoint's record. Likewise when the
 * tree is re-hashed, each node's digest is copied into the latest checkpoint's record before its
 * first replacement. The value or digest as of checkpoint {@code n} is the copy in the first
 * checkpoint {@code >= n} that has one, else the current one. Discarding checkpoints before {@code
 * n} drops their records, which no later checkpoint reads. The replica's non-object state (agreed
 * clock, request windows, cached replies) enters the tree by being encoded into reserved objects.
 *
 * <h2>Certificates</h2>
 *
 * {@link org.bftnfs.statetransfer.CheckpointCertificate}: signatures over the canonical encoding of
 * ⟨seq, root⟩ ({@link org.bftnfs.statetransfer.CheckpointStatement}); f + 1 distinct valid signers
 * vouch for a root, 2f + 1 make the checkpoint stable.
 *
 * <h2>Fetch</h2>
 *
 * {@link org.bftnfs.statetransfer.Fetcher} (§3.4), from a vouched root: breadth-first from the
 * root, for a node whose vouched digest differs from the local one, ask a peer for its children's
 * digests and accept them only if they hash to the vouched digest (so each child's digest is now
 * vouched for in turn); descend into the children that differ locally; at a differing leaf ask a
 * peer for the value and accept it only if it hashes to the leaf's vouched digest. A vouched empty
 * digest needs no request: the local objects in use under it become free. A peer whose answer does
 * not verify is reported faulty and not asked again; one that cannot answer is reported silent;
 * requests go round-robin over the peers left. The result is exactly the objects whose value at the
 * checkpoint differs from the local state, ready for {@code putObjs} (announced by {@code modify}),
 * after which the local root equals the vouched root. Peers answer from a {@link
 * org.bftnfs.statetransfer.CheckpointView} of their store while their state runs ahead.
 *
 * <h2>Fetch protocol</h2>
 *
 * Between replicas the two {@link org.bftnfs.statetransfer.StateSource} requests travel as the ONC
 * RPC procedures CHILDREN(seq, level, index) and OBJECT(seq, index) of {@link
 * org.bftnfs.statetransfer.rpc.StateTransferProgram}: {@link
 * org.bftnfs.statetransfer.rpc.StateTransferServer} answers them from this store's checkpoints and
 * {@link org.bftnfs.statetransfer.rpc.RemoteStateSource} is the fetcher's side. The wire format and
 * what each side checks are in {@link org.bftnfs.statetransfer.rpc}; the content of every answer is
 * verified here, by the fetcher, so the transport need not be trusted.
 *
 * <p>Thread-safety throughout: the mutable classes are single-threaded and externally synchronised
 * (the replica's execution thread, or one lock it shares with the thread serving peers); the value
 * types are immutable.
 */
package org.bftnfs.statetransfer;
