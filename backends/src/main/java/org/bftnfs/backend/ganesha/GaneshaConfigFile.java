package org.bftnfs.backend.ganesha;

import java.nio.file.Path;

/**
 * The text of one instance's ganesha.conf: NFSv3 only over TCP on 127.0.0.1 with the given ports,
 * no NLM, RQUOTA, UDP or Kerberos, no grace period, recovery state in the instance's own directory,
 * and one FSAL_VFS export (read-write, no root squash, AUTH_SYS, attributes never cached).
 */
final class GaneshaConfigFile {

  private GaneshaConfigFile() {}

  /**
   * The configuration.
   *
   * @param exportDirectory the directory served
   * @param pseudoPath the path clients mount
   * @param exportId the export's id
   * @param nfsPort the NFS port
   * @param mountPort the MOUNT port
   * @param recoveryRoot a directory of the instance's own for (NFSv4) recovery state
   */
  static String render(
      Path exportDirectory,
      String pseudoPath,
      int exportId,
      int nfsPort,
      int mountPort,
      Path recoveryRoot) {
    return String.join(
        "\n",
        "# Written by bftnfs GaneshaServer; removed when the instance is closed.",
        "NFS_CORE_PARAM {",
        "  NFS_Port = " + nfsPort + ";",
        "  MNT_Port = " + mountPort + ";",
        "  Bind_addr = 127.0.0.1;",
        "  Protocols = 3;",
        "  Enable_NLM = false;",
        "  Enable_RQUOTA = false;",
        "  Enable_UDP = false;",
        "  mount_path_pseudo = true;",
        "}",
        "NFSV4 {",
        "  Graceless = true;",
        "  RecoveryRoot = " + quoted(recoveryRoot.toString()) + ";",
        "}",
        "NFS_KRB5 {",
        "  Active_krb5 = false;",
        "}",
        "EXPORT {",
        "  Export_Id = " + exportId + ";",
        "  Path = " + quoted(exportDirectory.toString()) + ";",
        "  Pseudo = " + quoted(pseudoPath) + ";",
        "  Access_Type = RW;",
        "  Squash = No_Root_Squash;",
        "  Protocols = 3;",
        "  Transports = TCP;",
        "  SecType = sys;",
        "  Attr_Expiration_Time = 0;",
        "  FSAL {",
        "    Name = VFS;",
        "  }",
        "}",
        "");
  }

  /** Rejects text that cannot stand inside a double-quoted ganesha.conf string. */
  static void checkQuotable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("unsupported character in ganesha.conf value: " + text);
      }
    }
  }

  private static String quoted(String text) {
    checkQuotable(text);
    return "\"" + text + "\"";
  }
}
