package dev.backfill.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.error.CheckpointCorruptedException;
import dev.backfill.core.error.StateLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest extends CheckpointStoreContract {
  @TempDir Path directory;
  private FileCheckpointStore store;

  @BeforeEach
  void open() {
    store = new FileCheckpointStore(directory);
  }

  @Override
  CheckpointStore store() {
    return store;
  }

  @Override
  CheckpointStore sameStorageElsewhere() {
    return new FileCheckpointStore(directory);
  }

  @Test
  void survivesReopening() {
    store.save(checkpoint(KEY, 4, "c4"));

    assertThat(new FileCheckpointStore(directory).load(KEY)).hasValue(checkpoint(KEY, 4, "c4"));
  }

  @Test
  void corruptedFileRaisesATypedErrorNamingItAndIsLeftUntouched() throws IOException {
    store.save(checkpoint(KEY, 1, "c1"));
    Path file = store.fileFor(KEY);
    Files.writeString(file, "{\"key\": {\"provider\": \"github\", oops");

    assertThatThrownBy(() -> store.load(KEY))
        .isInstanceOfSatisfying(CheckpointCorruptedException.class, e -> assertThat(e.location()).isEqualTo(file.toString()))
        .hasMessageContaining(file.toString());
    assertThatThrownBy(() -> store.list()).isInstanceOf(CheckpointCorruptedException.class);
    assertThat(Files.readString(file)).isEqualTo("{\"key\": {\"provider\": \"github\", oops");
  }

  @Test
  void onlyRegularFilesUpToTheCapAreReadAndListingGoesOnPastABadOne() throws IOException {
    store.save(checkpoint(KEY, 1, "c1"));
    Files.createSymbolicLink(directory.resolve("device.json"), Path.of("/dev/zero"));
    Files.write(directory.resolve("huge.json"), new byte[FileCheckpointStore.MAX_CHECKPOINT_BYTES + 1]);
    List<CheckpointCorruptedException> unreadable = new ArrayList<>();

    List<Checkpoint> listed = store.list(unreadable::add);

    assertThat(listed).containsExactly(checkpoint(KEY, 1, "c1"));
    assertThat(unreadable).extracting(CheckpointCorruptedException::location)
        .containsExactlyInAnyOrder(directory.resolve("device.json").toString(), directory.resolve("huge.json").toString());
    assertThat(unreadable).extracting(e -> e.getCause().getMessage())
        .containsExactlyInAnyOrder("not a regular file", "larger than 1048576 bytes, which no checkpoint is");
    assertThatThrownBy(() -> store.list()).isInstanceOf(CheckpointCorruptedException.class);
  }

  @Test
  void aNewDirectoryAndEveryCheckpointAreOwnerOnly() throws IOException {
    FileCheckpointStore fresh = new FileCheckpointStore(directory.resolve("fresh/state"));
    fresh.save(checkpoint(KEY, 1, "c1"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("fresh/state")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.fileFor(KEY)))).isEqualTo("rw-------");
  }

  @Test
  void aClaimIsALockFileNamingItsHolderThatListingIgnores() throws IOException {
    try (CheckpointStore.Claim held = store.claim(KEY)) {
      assertThatThrownBy(() -> new FileCheckpointStore(directory).claim(KEY))
          .isInstanceOf(StateLockedException.class)
          .hasMessageContaining(store.lockFileFor(KEY).toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
      assertThat(Files.readString(store.lockFileFor(KEY))).isEqualTo("pid " + ProcessHandle.current().pid());
      assertThat(new FileCheckpointStore(directory).list()).isEmpty();
    }
  }

  @Test
  void emptyOrNullFileIsCorruptedNotAFreshStart() throws IOException {
    Files.writeString(store.fileFor(KEY), "");
    assertThatThrownBy(() -> store.load(KEY)).isInstanceOf(CheckpointCorruptedException.class);

    Files.writeString(store.fileFor(KEY), "null");
    assertThatThrownBy(() -> store.load(KEY)).isInstanceOf(CheckpointCorruptedException.class);
  }

  @Test
  void fileHoldingAnotherKeysCheckpointIsCorrupted() throws IOException {
    CheckpointKey other = CheckpointKey.of("github", "conn-1", "acme/web", "pull_request");
    store.save(checkpoint(other, 1, "c1"));
    Files.copy(store.fileFor(other), store.fileFor(KEY));

    assertThatThrownBy(() -> store.load(KEY)).isInstanceOf(CheckpointCorruptedException.class).hasMessageContaining("acme/web");
  }

  @Test
  void leftoverTemporaryFilesOfACrashAreRemovedOnOpen() throws IOException {
    Path leftover = directory.resolve("github~conn~x~y.json.1234.tmp");
    Files.writeString(leftover, "{half");
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    new FileCheckpointStore(directory);

    assertThat(leftover).doesNotExist();
  }

  @Test
  void aFreshTemporaryFileMayBelongToAWriterAtWorkAndStays() throws IOException {
    Path inProgress = directory.resolve("github~conn~x~y.json.5678.tmp");
    Files.writeString(inProgress, "{half");

    new FileCheckpointStore(directory);

    assertThat(inProgress).exists();
  }

  @Test
  void openingTheDirectoryAgainNeverBreaksASaveInProgress() throws Exception {
    AtomicBoolean saving = new AtomicBoolean(true);
    Thread reopener = new Thread(() -> {
      while (saving.get()) {
        new FileCheckpointStore(directory).list();
      }
    });
    reopener.start();
    try {
      for (int page = 1; page <= 300; page++) {
        store.save(checkpoint(KEY, page, "c" + page));
      }
    } finally {
      saving.set(false);
      reopener.join();
    }

    assertThat(store.load(KEY)).hasValueSatisfying(checkpoint -> assertThat(checkpoint.counts().pages()).isEqualTo(300));
  }

  @Test
  void veryLongKeysGetAShortStableFileName() {
    CheckpointKey longKey = CheckpointKey.of("github", "c", "r".repeat(400), "issue");

    store.save(checkpoint(longKey, 1, null));

    assertThat(store.fileFor(longKey).getFileName().toString().length()).isLessThan(200);
    assertThat(store.load(longKey)).isPresent();
  }

  @net.jqwik.api.Property(tries = 200)
  void garbageCheckpointFilesRaiseOnlyTheTypedErrorAndStayUntouched(@net.jqwik.api.ForAll("checkpointLike") String content)
      throws IOException {
    Path dir = Files.createTempDirectory("garbage-checkpoints");
    FileCheckpointStore garbageStore = new FileCheckpointStore(dir);
    Path file = garbageStore.fileFor(KEY);
    Files.writeString(file, content);

    try {
      garbageStore.load(KEY).ifPresent(loaded -> assertThat(loaded.key()).isEqualTo(KEY));
    } catch (CheckpointCorruptedException expected) {
      assertThat(expected.location()).isEqualTo(file.toString());
    }
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> checkpointLike() throws IOException {
    String valid = dev.backfill.core.BackfillJson.newMapper().writeValueAsString(checkpoint(KEY, 3, "c3"));
    net.jqwik.api.Arbitrary<String> cut = net.jqwik.api.Arbitraries.integers().between(0, valid.length()).map(end -> valid.substring(0, end));
    net.jqwik.api.Arbitrary<String> edited = net.jqwik.api.Arbitraries.of("\"RUNNING\"", "3", "\"c3\"", "\"window\"", "{", "}")
        .flatMap(target -> net.jqwik.api.Arbitraries.of("null", "\"\"", "-1", "[]", "{}", "\"garbage\"").map(replacement -> valid.replace(target, replacement)));
    return net.jqwik.api.Arbitraries.oneOf(cut, edited, net.jqwik.api.Arbitraries.strings().ofMaxLength(200));
  }

  /**
   * Kills a JVM that saves checkpoints in a tight loop at seeded random moments; every time, the
   * file left behind must parse and hold one of the checkpoints that were written.
   */
  @Test
  void killDashNineAtAnyMomentLeavesAWholeCheckpoint() throws Exception {
    Random random = new Random(20261123L);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int trial = 0; trial < 6; trial++) {
      List<String> command = new ArrayList<>(List.of(
          java, "-cp", System.getProperty("java.class.path"), CheckpointWriterMain.class.getName(), directory.toString()));
      Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
      String started = new String(writer.getInputStream().readNBytes("started\n".length()));
      assertThat(started).isEqualTo("started\n");
      Thread.sleep(random.nextInt(150));
      writer.destroyForcibly();
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();

      Checkpoint left = new FileCheckpointStore(directory).load(KEY).orElseThrow();

      assertThat(left).isEqualTo(checkpoint(KEY, left.counts().pages(), "cursor-" + left.counts().pages()));
    }
  }
}
