package dev.backfill.core.sink;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.StorageException;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An {@link EventSink} that writes each event as one line of JSON, serialised as {@link
 * BackfillJson} serialises {@link SourceEvent}. Each batch is flushed before {@link #accept}
 * returns; a file sink can also force it to disk. A process killed while it writes can leave the
 * file ending in part of a line: that batch was never acknowledged, so its page is fetched and
 * delivered again, and a file sink opened on such a file first cuts the partial line off.
 */
public final class JsonLinesSink implements EventSink, Closeable {
  private static final ObjectWriter WRITER = BackfillJson.newMapper().writerFor(SourceEvent.class);

  private final String target;
  private final OutputStream out;
  private final FileChannel file;
  private final boolean closeOut;

  private JsonLinesSink(String target, OutputStream out, FileChannel file, boolean closeOut) {
    this.target = target;
    this.out = out;
    this.file = file;
    this.closeOut = closeOut;
  }

  /**
   * Appends to {@code path}, creating it if needed: owner-only on POSIX file systems, since events
   * carry private repository data. A partial last line, left by a process killed while it wrote,
   * is cut off first.
   *
   * @param forceToDisk whether each batch is forced to the storage device before {@link #accept}
   *     returns, which survives a machine crash and not only a process crash
   */
  public static JsonLinesSink appendingTo(Path path, boolean forceToDisk) {
    try {
      FileAttribute<?>[] ownerOnly = path.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];
      if (Files.exists(path)) {
        cutPartialLastLine(path);
      }
      FileChannel file = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
          ownerOnly);
      return new JsonLinesSink(path.toString(), new BufferedOutputStream(Channels.newOutputStream(file), 64 * 1024),
          forceToDisk ? file : null, true);
    } catch (IOException e) {
      throw new StorageException("cannot open events file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Truncates {@code path} after its last line break, when it ends in part of a line. */
  private static void cutPartialLastLine(Path path) throws IOException {
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = file.size();
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      while (end > 0) {
        long start = Math.max(0, end - chunk.capacity());
        chunk.clear().limit((int) (end - start));
        while (chunk.hasRemaining()) {
          if (file.read(chunk, start + chunk.position()) < 0) {
            break;
          }
        }
        for (int at = chunk.position() - 1; at >= 0; at--) {
          if (chunk.get(at) == '\n') {
            if (start + at + 1 < file.size()) {
              file.truncate(start + at + 1);
            }
            return;
          }
        }
        end = start;
      }
      file.truncate(0);
    }
  }

  /** Writes to {@code out} (standard output, say), which {@link #close()} leaves open. */
  public static JsonLinesSink writingTo(OutputStream out) {
    return new JsonLinesSink("stream", new BufferedOutputStream(out, 64 * 1024), null, false);
  }

  @Override
  public synchronized void accept(EventBatch batch) {
    try {
      for (SourceEvent event : batch.events()) {
        WRITER.writeValue(new NonClosing(out), event);
        out.write('\n');
      }
      out.flush();
      if (file != null) {
        file.force(false);
      }
    } catch (IOException e) {
      throw new StorageException("cannot write events of " + batch.key() + " page " + batch.pageNumber() + " to " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closeOut) {
      out.close();
    } else {
      out.flush();
    }
  }

  /** Keeps Jackson from closing the shared stream after each value. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() {}
  }
}
