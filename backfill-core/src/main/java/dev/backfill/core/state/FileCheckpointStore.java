package dev.backfill.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.Redactor;
import dev.backfill.core.error.StorageException;
import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.StateLockedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@link CheckpointStore} that keeps one JSON file per key in a directory. Each save writes a
 * temporary file, forces it to disk and renames it over the old one atomically, so a process
 * killed at any moment leaves either the old or the new checkpoint. A file that does not parse
 * raises {@link CheckpointCorruptedException} naming it; it is never overwritten by a fresh start.
 * Only regular files up to {@value #MAX_CHECKPOINT_BYTES} bytes are read (a checkpoint is a few
 * hundred), so a link to a device or a huge file is refused rather than read whole. On POSIX file
 * systems the directory (when this store creates it) and every checkpoint are owner-only, since
 * they name private repositories.
 *
 * <p>Several processes may read and write one directory; a run claims each work with a lock file
 * ({@link #claim}), so two runs never fetch the same work side by side.
 */
public final class FileCheckpointStore implements CheckpointStore {
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int MAX_READABLE_NAME = 180;
  private static final long LEFTOVER_MINUTES = 10;
  /** The largest checkpoint file read. */
  public static final int MAX_CHECKPOINT_BYTES = 1024 * 1024;
  private static final String LOCK_SUFFIX = ".lock";
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private final Path directory;
  private final ObjectMapper mapper = BackfillJson.newMapper();

  /**
   * Opens (and creates) the store's directory, removing temporary files a crash left behind: those
   * older than {@value #LEFTOVER_MINUTES} minutes. A save's temporary file lives for milliseconds,
   * so younger ones may belong to another store writing to the same directory right now (a
   * backfill in progress while {@code backfill status} reads its state, say) and stay.
   */
  public FileCheckpointStore(Path directory) {
    this.directory = directory.toAbsolutePath();
    try {
      if (!Files.isDirectory(this.directory)) {
        Files.createDirectories(this.directory);
        ownerOnly(this.directory, OWNER_ONLY_DIRECTORY);
      }
      FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofMinutes(LEFTOVER_MINUTES)));
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.directory, "*" + TEMP_SUFFIX)) {
        for (Path leftover : leftovers) {
          deleteIfOlder(leftover, cutoff);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot open checkpoint directory " + this.directory + ": " + e.getMessage(), e);
    }
  }

  /** The file that holds the checkpoint of {@code key}. */
  public Path fileFor(CheckpointKey key) {
    String name = encode(key.provider()) + "~" + encode(key.connectionId()) + "~"
        + encode(key.resourceId()) + "~" + encode(key.entityType());
    if (name.length() > MAX_READABLE_NAME) {
      name = name.substring(0, 100) + "~" + sha256(key.toString());
    }
    return directory.resolve(name + SUFFIX);
  }

  @Override
  public Optional<Checkpoint> load(CheckpointKey key) {
    Path file = fileFor(key);
    Optional<Checkpoint> checkpoint = read(file);
    if (checkpoint.isPresent() && !checkpoint.get().key().equals(key)) {
      throw new CheckpointCorruptedException(file.toString(),
          new IllegalStateException("file holds the checkpoint of " + checkpoint.get().key() + ", not " + key));
    }
    return checkpoint;
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Path target = fileFor(checkpoint.key());
    Path temp = directory.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoint);
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          ownerOnlyAttributes(temp))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, target);
      syncDirectory();
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StorageException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws CheckpointCorruptedException at the first file that cannot be read
   */
  @Override
  public List<Checkpoint> list() {
    return list(unreadable -> {
      throw unreadable;
    });
  }

  /**
   * Every checkpoint that can be read; each file that cannot is handed to {@code unreadable} and
   * skipped, so one bad file does not hide the others.
   */
  public List<Checkpoint> list(Consumer<CheckpointCorruptedException> unreadable) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          read(file).ifPresent(checkpoints::add);
        } catch (CheckpointCorruptedException bad) {
          unreadable.accept(bad);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list checkpoint directory " + directory + ": " + e.getMessage(), e);
    }
    return checkpoints;
  }

  /**
   * {@inheritDoc} The claim is an exclusive lock on a file beside the checkpoint's ({@link
   * #lockFileFor}), which the operating system releases when its process ends, however it ends:
   * a second run is refused at once while the first lives and may take the work over the moment it
   * is gone.
   *
   * @throws StateLockedException naming the lock file and its holder's process id
   */
  @Override
  public Claim claim(CheckpointKey key) {
    Path file = lockFileFor(key);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
          ownerOnlyAttributes(file));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldInThisProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new StateLockedException(file.toString(), holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      FileChannel held = channel;
      FileLock heldLock = lock;
      return () -> {
        try {
          heldLock.release();
        } catch (IOException alreadyGone) {
          // Closing the channel below releases it too.
        }
        closeQuietly(held);
      };
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file whose lock is the claim on {@code key}'s work. It stays when the claim ends: removing it
   * could let two runs lock two files of one name.
   */
  public Path lockFileFor(CheckpointKey key) {
    String checkpoint = fileFor(key).getFileName().toString();
    return directory.resolve(checkpoint.substring(0, checkpoint.length() - SUFFIX.length()) + LOCK_SUFFIX);
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      channel.read(buffer, 0);
      return Redactor.printable(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip());
    } catch (IOException unreadable) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing is left to release.
    }
  }

  @Override
  public void delete(CheckpointKey key) {
    Path file = fileFor(key);
    try {
      Files.deleteIfExists(file);
      syncDirectory();
    } catch (IOException e) {
      throw new StorageException("cannot delete checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private Optional<Checkpoint> read(Path file) {
    byte[] bytes;
    try {
      bytes = readBounded(file);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    try {
      Checkpoint checkpoint = mapper.readValue(bytes, Checkpoint.class);
      if (checkpoint == null) {
        throw new IOException("file is empty or holds JSON null");
      }
      return Optional.of(checkpoint);
    } catch (IOException | RuntimeException unreadable) {
      throw new CheckpointCorruptedException(file.toString(), unreadable);
    }
  }

  /** The file's bytes, when it is a regular file (after links) of at most {@link #MAX_CHECKPOINT_BYTES}. */
  private static byte[] readBounded(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new CheckpointCorruptedException(file.toString(), new IOException("not a regular file"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_CHECKPOINT_BYTES + 1);
      if (bytes.length > MAX_CHECKPOINT_BYTES) {
        throw new CheckpointCorruptedException(file.toString(),
            new IOException("larger than " + MAX_CHECKPOINT_BYTES + " bytes, which no checkpoint is"));
      }
      return bytes;
    }
  }

  /** Owner-only permissions for a new file, on file systems that have POSIX permissions. */
  private static FileAttribute<?>[] ownerOnlyAttributes(Path file) {
    return supportsPosix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
        : new FileAttribute<?>[0];
  }

  private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (supportsPosix(path)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
    }
  }

  /** Makes the rename itself durable; file systems that cannot open a directory skip this. */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException unsupported) {
      // Some platforms (Windows) cannot open a directory as a channel; the rename is still atomic.
    }
  }

  private static void deleteIfOlder(Path leftover, FileTime cutoff) throws IOException {
    try {
      if (Files.getLastModifiedTime(leftover).compareTo(cutoff) < 0) {
        Files.deleteIfExists(leftover);
      }
    } catch (NoSuchFileException renamedMeanwhile) {
      // Its writer finished the save after the directory was listed.
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // The constructor removes leftovers on the next start.
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("*", "%2A");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
