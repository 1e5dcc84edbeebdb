package org.bftnfs.spec.exec;

import java.util.EnumMap;
import java.util.Map;
import org.bftnfs.spec.service.Procedure;

/** The handler of each NFSv3 procedure except NULL (which has neither arguments nor result). */
public final class ProcedureTable {

  private final Map<Procedure, ProcedureHandler<?, ?>> handlers = new EnumMap<>(Procedure.class);

  public ProcedureTable() {
    handlers.put(Procedure.GETATTR, new AttributeProcedures.GetAttr());
    handlers.put(Procedure.SETATTR, new AttributeProcedures.SetAttr());
    handlers.put(Procedure.LOOKUP, new NamespaceProcedures.Lookup());
    handlers.put(Procedure.ACCESS, new AttributeProcedures.Access());
    handlers.put(Procedure.READLINK, new DataProcedures.ReadLink());
    handlers.put(Procedure.READ, new DataProcedures.Read());
    handlers.put(Procedure.WRITE, new DataProcedures.Write());
    handlers.put(Procedure.CREATE, new CreateProcedures.Create());
    handlers.put(Procedure.MKDIR, new CreateProcedures.MkDir());
    handlers.put(Procedure.SYMLINK, new CreateProcedures.Symlink());
    handlers.put(Procedure.MKNOD, new CreateProcedures.MkNod());
    handlers.put(Procedure.REMOVE, new NamespaceProcedures.Remove());
    handlers.put(Procedure.RMDIR, new NamespaceProcedures.RmDir());
    handlers.put(Procedure.RENAME, new NamespaceProcedures.Rename());
    handlers.put(Procedure.LINK, new NamespaceProcedures.Link());
    handlers.put(Procedure.READDIR, new ListingProcedures.ReadDir());
    handlers.put(Procedure.READDIRPLUS, new ListingProcedures.ReadDirPlus());
    handlers.put(Procedure.FSSTAT, new FileSystemProcedures.FsStat());
    handlers.put(Procedure.FSINFO, new FileSystemProcedures.FsInfo());
    handlers.put(Procedure.PATHCONF, new FileSystemProcedures.PathConf());
    handlers.put(Procedure.COMMIT, new DataProcedures.Commit());
  }

  /** The handler of {@code p}; {@code null} for {@link Procedure#NULL}. */
  public ProcedureHandler<?, ?> handler(Procedure p) {
    return handlers.get(p);
  }
}
