package dev.backfill.core.sink;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.backfill.core.BackfillException;
import dev.backfill.core.BackfillJson;
import dev.backfill.core.SourceEvent;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * An {@link EventSink} that writes each event as one line of JSON, serialised as {@link
 * BackfillJson} serialises {@link SourceEvent}. Each batch is flushed before {@link #accept}
 * returns; a file sink can also force it to disk.
 */
public final class JsonLinesSink implements EventSink, Closeable {
  private static final ObjectWriter WRITER = BackfillJson.newMapper().writerFor(SourceEvent.class);

  private final String target;
  private final OutputStream out;
  private final FileOutputStream file;
  private final boolean closeOut;

  private JsonLinesSink(String target, OutputStream out, FileOutputStream file, boolean closeOut) {
    this.target = target;
    this.out = out;
    this.file = file;
    this.closeOut = closeOut;
  }

  /**
   * Appends to {@code path}, creating it if needed.
   *
   * @param forceToDisk whether each batch is forced to the storage device before {@link #accept}
   *     returns, which survives a machine crash and not only a process crash
   */
  public static JsonLinesSink appendingTo(Path path, boolean forceToDisk) {
    try {
      FileOutputStream file = new FileOutputStream(path.toFile(), true);
      return new JsonLinesSink(path.toString(), new BufferedOutputStream(file, 64 * 1024), forceToDisk ? file : null, true);
    } catch (IOException e) {
      throw new BackfillException("cannot open events file " + path + ": " + e.getMessage(), e);
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
        file.getFD().sync();
      }
    } catch (IOException e) {
      throw new BackfillException("cannot write events of " + batch.key() + " page " + batch.pageNumber() + " to " + target + ": " + e.getMessage(), e);
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
