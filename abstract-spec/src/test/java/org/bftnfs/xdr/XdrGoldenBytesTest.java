package org.bftnfs.xdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.mount.exportnode;
import org.bftnfs.xdr.mount.exports3;
import org.bftnfs.xdr.mount.groupnode;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.mount.mountres3_ok;
import org.bftnfs.xdr.mount.mountstat3;
import org.bftnfs.xdr.nfs.READDIR3res;
import org.bftnfs.xdr.nfs.READDIR3resok;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.dirlist3;
import org.bftnfs.xdr.nfs.entry3;
import org.bftnfs.xdr.nfs.fattr3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.post_op_attr;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.set_atime;
import org.bftnfs.xdr.nfs.set_gid3;
import org.bftnfs.xdr.nfs.set_mode3;
import org.bftnfs.xdr.nfs.set_mtime;
import org.bftnfs.xdr.nfs.set_size3;
import org.bftnfs.xdr.nfs.set_uid3;
import org.bftnfs.xdr.nfs.specdata3;
import org.bftnfs.xdr.nfs.time_how;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.junit.jupiter.api.Test;

/**
 * Wire formats worked out by hand from RFC 4506 (XDR) and the NFSv3/MOUNTv3 declarations of RFC
 * 1813, compared with what the generated classes produce and accept.
 *
 * <p>Rules used: every item occupies a multiple of four bytes, zero-padded (RFC 4506 section 3);
 * int, unsigned int, enum and bool are one big-endian word (sections 4.1 to 4.4); hyper and
 * unsigned hyper are two (section 4.5); fixed-length opaque is its bytes plus padding (section
 * 4.9); variable-length opaque and string are a length word, the bytes and padding (sections 4.10,
 * 4.11); a struct is its members in order (section 4.14); a union is its discriminant word and the
 * selected arm (section 4.15), nothing for a void arm (section 4.16); optional data and linked
 * lists are a "value follows" bool before each element (section 4.19).
 *
 * <p>In each hex string below, one group of eight hex digits is one four-byte XDR unit, so the
 * expected sizes can be checked by counting groups.
 */
class XdrGoldenBytesTest {

  private static byte[] hex(String groups) {
    return HexFormat.of().parseHex(groups.replaceAll("\\s+", ""));
  }

  /** Encodes to exactly {@code expected}, and decodes {@code expected} back to an equal value. */
  private static <T extends XdrAble> void assertWireFormat(
      T value, T fresh, int expectedLength, String expected) throws MalformedXdrException {
    byte[] bytes = hex(expected);
    assertThat(bytes).as("hand-computed length").hasSize(expectedLength);
    assertThat(HexFormat.of().formatHex(XdrCodec.encode(value)))
        .isEqualTo(HexFormat.of().formatHex(bytes));
    T decoded = XdrCodec.decode(bytes, fresh);
    assertThat(XdrDeepEquals.firstDifference(value, decoded)).isEmpty();
  }

  private static void assertRejected(byte[] bytes, XdrAble fresh) {
    assertThatThrownBy(() -> XdrCodec.decode(bytes, fresh))
        .isInstanceOf(MalformedXdrException.class);
  }

  private static nfs_fh3 fiveByteHandle() {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = new byte[] {1, 2, 3, 4, 5};
    return fh;
  }

  private static final String FIVE_BYTE_HANDLE = "00000005 01020304 05000000";

  /** nfs_fh3 (RFC 1813 section 2): opaque data<64>, here 5 bytes, padded with 3 zeros. */
  @Test
  void fileHandleOfFiveBytesIsLengthWordDataAndThreePaddingBytes() throws Exception {
    assertWireFormat(fiveByteHandle(), new nfs_fh3(), 12, FIVE_BYTE_HANDLE);
  }

  @Test
  void emptyFileHandleIsOnlyTheLengthWord() throws Exception {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = new byte[0];
    assertWireFormat(fh, new nfs_fh3(), 4, "00000000");
  }

  /** post_op_attr with attributes_follow FALSE: the bool word and the void arm. */
  @Test
  void absentPostOpAttrIsFourZeroBytes() throws Exception {
    post_op_attr absent = new post_op_attr();
    absent.attributes_follow = false;
    assertWireFormat(absent, new post_op_attr(), 4, "00000000");
  }

  private static nfstime3 time(int seconds, int nseconds) {
    nfstime3 t = new nfstime3();
    t.seconds = seconds;
    t.nseconds = nseconds;
    return t;
  }

  private static fattr3 sampleAttributes() {
    fattr3 a = new fattr3();
    a.type = ftype3.NF3REG;
    a.mode = 0644;
    a.nlink = 2;
    a.uid = 1000;
    a.gid = (int) 4294967294L; // unsigned 32-bit value with the top bit set
    a.size = 0x1_0000_0200L;
    a.used = 4096;
    a.rdev = new specdata3();
    a.rdev.specdata1 = 8;
    a.rdev.specdata2 = 1;
    a.fsid = 0x0123_4567_89ab_cdefL;
    a.fileid = 42;
    a.atime = time(0x5f5e1000, 999_999_999);
    a.mtime = time(1, 2);
    a.ctime = time(-1, 0); // 4294967295 seconds, unsigned
    return a;
  }

  private static final String SAMPLE_ATTRIBUTES =
      "00000001" // type NF3REG
          + "000001a4" // mode 0644
          + "00000002" // nlink
          + "000003e8" // uid 1000
          + "fffffffe" // gid 4294967294
          + "00000001 00000200" // size
          + "00000000 00001000" // used
          + "00000008 00000001" // rdev
          + "01234567 89abcdef" // fsid
          + "00000000 0000002a" // fileid
          + "5f5e1000 3b9ac9ff" // atime
          + "00000001 00000002" // mtime
          + "ffffffff 00000000"; // ctime

  /** fattr3: five words, three hypers, specdata3, two hypers, three nfstime3 = 84 bytes. */
  @Test
  void fullFattr3Is84Bytes() throws Exception {
    assertWireFormat(sampleAttributes(), new fattr3(), 84, SAMPLE_ATTRIBUTES);
  }

  @Test
  void presentPostOpAttrIsTrueWordAndFattr3() throws Exception {
    post_op_attr present = new post_op_attr();
    present.attributes_follow = true;
    present.attributes = sampleAttributes();
    assertWireFormat(present, new post_op_attr(), 88, "00000001" + SAMPLE_ATTRIBUTES);
  }

  private static entry3 entry(long fileid, String name, long cookie) {
    entry3 e = new entry3();
    e.fileid = fileid;
    e.name = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    e.cookie = cookie;
    return e;
  }

  private static READDIR3res twoEntryReaddirReply() {
    entry3 first = entry(0x10, "a", 1);
    first.nextentry = entry(0x11, "bcde", 2);
    READDIR3res res = new READDIR3res();
    res.status = nfsstat3.NFS3_OK;
    res.resok = new READDIR3resok();
    res.resok.dir_attributes = new post_op_attr();
    res.resok.cookieverf = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
    res.resok.reply = new dirlist3();
    res.resok.reply.entries = first;
    res.resok.reply.eof = true;
    return res;
  }

  private static final String TWO_ENTRY_READDIR_REPLY =
      "00000000" // status NFS3_OK
          + "00000000" // dir_attributes: attributes_follow FALSE
          + "01020304 05060708" // cookieverf, fixed 8 bytes, no length word
          + "00000001" // entries: value follows
          + "00000000 00000010" // fileid 0x10
          + "00000001 61000000" // name "a" + 3 padding bytes
          + "00000000 00000001" // cookie 1
          + "00000001" // nextentry: value follows
          + "00000000 00000011" // fileid 0x11
          + "00000004 62636465" // name "bcde", no padding
          + "00000000 00000002" // cookie 2
          + "00000000" // nextentry: none
          + "00000001"; // eof TRUE

  /** READDIR3res (RFC 1813 section 3.3.16) with a two-entry list: 80 bytes. */
  @Test
  void readdirReplyWithTwoEntries() throws Exception {
    assertWireFormat(twoEntryReaddirReply(), new READDIR3res(), 80, TWO_ENTRY_READDIR_REPLY);
  }

  @Test
  void readdirReplyWithoutEntriesHasAFalseValueFollowsWord() throws Exception {
    READDIR3res res = twoEntryReaddirReply();
    res.resok.reply.entries = null;
    res.resok.reply.eof = false;
    assertWireFormat(
        res, new READDIR3res(), 24, "00000000 00000000 01020304 05060708 00000000 00000000");
  }

  /** createhow3 (RFC 1813 section 3.3.8) EXCLUSIVE: mode word and the 8-byte createverf3. */
  @Test
  void exclusiveCreateHowIsModeAndEightByteVerifier() throws Exception {
    createhow3 how = new createhow3();
    how.mode = createmode3.EXCLUSIVE;
    how.verf = hex("cafebabe deadbeef");
    assertWireFormat(how, new createhow3(), 12, "00000002 cafebabe deadbeef");
  }

  /** createhow3 GUARDED with a sattr3 that sets some attributes (RFC 1813 section 2). */
  @Test
  void guardedCreateHowCarriesSattr3WithVoidArmsForUnsetAttributes() throws Exception {
    sattr3 attrs = new sattr3();
    attrs.mode = new set_mode3();
    attrs.mode.set_it = true;
    attrs.mode.mode = 0755;
    attrs.uid = new set_uid3();
    attrs.gid = new set_gid3();
    attrs.gid.set_it = true;
    attrs.gid.gid = 100;
    attrs.size = new set_size3();
    attrs.size.set_it = true;
    attrs.size.size = 0;
    attrs.atime = new set_atime();
    attrs.atime.set_it = time_how.SET_TO_SERVER_TIME;
    attrs.mtime = new set_mtime();
    attrs.mtime.set_it = time_how.SET_TO_CLIENT_TIME;
    attrs.mtime.mtime = time(0x12345678, 500);
    createhow3 how = new createhow3();
    how.mode = createmode3.GUARDED;
    how.obj_attributes = attrs;
    assertWireFormat(
        how,
        new createhow3(),
        52,
        "00000001" // mode GUARDED
            + "00000001 000001ed" // set_mode3 TRUE, 0755
            + "00000000" // set_uid3 FALSE, void
            + "00000001 00000064" // set_gid3 TRUE, 100
            + "00000001 00000000 00000000" // set_size3 TRUE, 0
            + "00000001" // set_atime SET_TO_SERVER_TIME, void
            + "00000002 12345678 000001f4"); // set_mtime SET_TO_CLIENT_TIME, time
  }

  /** mountres3 (RFC 1813 section 5.2.1) MNT3_OK with a 16-byte handle and AUTH_UNIX. */
  @Test
  void mountReplyWithHandleAndOneFlavor() throws Exception {
    mountres3 res = new mountres3();
    res.fhs_status = mountstat3.MNT3_OK;
    res.mountinfo = new mountres3_ok();
    res.mountinfo.fhandle = hex("000102030405060708090a0b0c0d0e0f");
    res.mountinfo.auth_flavors = new int[] {1};
    assertWireFormat(
        res,
        new mountres3(),
        32,
        "00000000 00000010 00010203 04050607 08090a0b 0c0d0e0f 00000001 00000001");
  }

  @Test
  void mountErrorReplyIsOnlyTheStatus() throws Exception {
    mountres3 res = new mountres3();
    res.fhs_status = mountstat3.MNT3ERR_ACCES;
    assertWireFormat(res, new mountres3(), 4, "0000000d");
  }

  /** exports (RFC 1813 section 5.2.5): a list of exports, each with a list of groups. */
  @Test
  void exportListWithNestedGroupList() throws Exception {
    groupnode a = new groupnode();
    a.gr_name = "a".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    a.gr_next = new groupnode();
    a.gr_next.gr_name = "bc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    exportnode x = new exportnode();
    x.ex_dir = "/x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    x.ex_groups = a;
    x.ex_next = new exportnode();
    x.ex_next.ex_dir = "/y".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    exports3 exports = new exports3();
    exports.entries = x;
    assertWireFormat(
        exports,
        new exports3(),
        60,
        "00000001" // entries: value follows
            + "00000002 2f780000" // ex_dir "/x"
            + "00000001" // ex_groups: value follows
            + "00000001 61000000" // gr_name "a"
            + "00000001" // gr_next: value follows
            + "00000002 62630000" // gr_name "bc"
            + "00000000" // gr_next: none
            + "00000001" // ex_next: value follows
            + "00000002 2f790000" // ex_dir "/y"
            + "00000000" // ex_groups: none
            + "00000000"); // ex_next: none
  }

  // ---- malformed input: XdrCodec.decode must throw MalformedXdrException ----

  @Test
  void emptyInputIsRejected() {
    assertRejected(new byte[0], new nfs_fh3());
    assertRejected(new byte[0], new post_op_attr());
  }

  @Test
  void fileHandleMissingItsLastPaddingByteIsRejected() {
    byte[] bytes = hex(FIVE_BYTE_HANDLE);
    assertRejected(Arrays.copyOf(bytes, 11), new nfs_fh3());
    assertRejected(Arrays.copyOf(bytes, 9), new nfs_fh3());
    assertRejected(Arrays.copyOf(bytes, 3), new nfs_fh3());
  }

  @Test
  void lengthWordLongerThanTheRemainingBytesIsRejected() {
    assertRejected(hex("00000009 01020304 05060708"), new nfs_fh3());
  }

  /**
   * A length word far beyond the bytes that follow must be rejected before anything is allocated
   * (oncrpc4j's own decoder allocates the claimed length first: an 8-byte input would throw {@link
   * OutOfMemoryError}; {@link XdrCodec#decode} uses a strict decoder instead).
   */
  @Test
  void lengthWordOfGigabytesIsRejectedWithoutAllocatingThem() {
    assertRejected(hex("7fffffff 00000000"), new nfs_fh3());
    assertRejected(hex("40000000 00000000"), new nfs_fh3());
  }

  /**
   * RFC 4506 §4.4: a boolean is 0 or 1; §4.10: padding bytes are zero. Anything else is not XDR.
   */
  @Test
  void nonCanonicalBooleansAndPaddingAreRejected() {
    assertRejected(hex("00000002"), new post_op_attr());
    assertRejected(hex("00000001 41000001"), new nfs_fh3());
  }

  @Test
  void fattr3OneByteShortIsRejected() {
    assertRejected(Arrays.copyOf(hex(SAMPLE_ATTRIBUTES), 83), new fattr3());
    assertRejected(Arrays.copyOf(hex(SAMPLE_ATTRIBUTES), 80), new fattr3());
  }

  @Test
  void exclusiveCreateHowWithSevenByteVerifierIsRejected() {
    assertRejected(hex("00000002 cafebabe deadbe"), new createhow3());
  }

  @Test
  void readdirListCutAfterAValueFollowsWordIsRejected() {
    byte[] bytes = hex(TWO_ENTRY_READDIR_REPLY);
    // Up to and including the second entry's "value follows" word: 20 + 28 bytes.
    assertRejected(Arrays.copyOf(bytes, 48), new READDIR3res());
  }

  @Test
  void trailingBytesAfterACompleteValueAreRejected() {
    assertRejected(hex("00000000 00000000"), new post_op_attr());
    assertRejected(hex(FIVE_BYTE_HANDLE + "00"), new nfs_fh3());
    assertRejected(hex(TWO_ENTRY_READDIR_REPLY + "00000001"), new READDIR3res());
    assertRejected(hex(SAMPLE_ATTRIBUTES + "00000000 00000000"), new fattr3());
  }

  @Test
  void trailingBytesAreReportedAsSuch() {
    assertThatThrownBy(() -> XdrCodec.decode(hex("00000000 00000000"), new post_op_attr()))
        .isInstanceOf(MalformedXdrException.class)
        .hasMessageContaining("trailing");
  }
}
