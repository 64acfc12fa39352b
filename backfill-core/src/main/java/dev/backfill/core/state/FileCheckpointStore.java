package dev.backfill.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.BackfillException;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.CheckpointCorruptedException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link CheckpointStore} that keeps one JSON file per key in a directory. Each save writes a
 * temporary file, forces it to disk and renames it over the old one atomically, so a process
 * killed at any moment leaves either the old or the new checkpoint. A file that does not parse
 * raises {@link CheckpointCorruptedException} naming it; it is never overwritten by a fresh start.
 */
public final class FileCheckpointStore implements CheckpointStore {
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int MAX_READABLE_NAME = 180;
  private static final long LEFTOVER_MINUTES = 10;

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
      Files.createDirectories(this.directory);
      FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofMinutes(LEFTOVER_MINUTES)));
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.directory, "*" + TEMP_SUFFIX)) {
        for (Path leftover : leftovers) {
          deleteIfOlder(leftover, cutoff);
        }
      }
    } catch (IOException e) {
      throw new BackfillException("cannot open checkpoint directory " + this.directory + ": " + e.getMessage(), e);
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
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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
      throw new BackfillException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Checkpoint> list() {
    List<Checkpoint> checkpoints = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        read(file).ifPresent(checkpoints::add);
      }
    } catch (IOException e) {
      throw new BackfillException("cannot list checkpoint directory " + directory + ": " + e.getMessage(), e);
    }
    return checkpoints;
  }

  @Override
  public void delete(CheckpointKey key) {
    Path file = fileFor(key);
    try {
      Files.deleteIfExists(file);
      syncDirectory();
    } catch (IOException e) {
      throw new BackfillException("cannot delete checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private Optional<Checkpoint> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BackfillException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
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
