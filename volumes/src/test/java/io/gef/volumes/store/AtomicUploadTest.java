package io.gef.volumes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicUploadTest {
    @TempDir
    Path base;
    LocalVolumeStore store;
    String id;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(base, 1L << 30, 1000);
        id = store.create("alice", "v").id();
    }

    /** Delivers {@code good} bytes, then fails like a dropped connection. */
    private static InputStream breaksAfter(int good) {
        return new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= good) {
                    throw new IOException("connection reset");
                }
                return 'a';
            }
        };
    }

    @Test
    void interruptedUpload_leavesNoFileVisible() throws IOException {
        Throwable t = catchThrowable(() -> store.writeFile(id, "dir/f.bin", breaksAfter(3 << 20), -1));
        assertThat(t).as("failure").isNotNull();
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void interruptedReplacement_keepsTheOldFileWhole() throws IOException {
        store.writeFile(id, "f", new ByteArrayInputStream("old content".getBytes()), -1);
        catchThrowable(() -> store.writeFile(id, "f", breaksAfter(2 << 20), -1));
        assertThat(Files.readString(store.dataPath(id).resolve("f"))).as("file after failed replacement")
                .isEqualTo("old content");
        try (var s = Files.list(store.dataPath(id).resolveSibling("staging"))) {
            assertThat(s).as("staging").isEmpty();
        }
    }

    @Test
    void concurrentUploadsToOnePath_leaveExactlyOneWholeUpload() throws Exception {
        int n = 8;
        int size = 3 << 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<FileEntry>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) ('A' + i));
            results.add(pool.submit(() -> store.writeFile(id, "same.bin", new ByteArrayInputStream(body), -1)));
        }
        List<String> hashes = new ArrayList<>();
        for (Future<FileEntry> f : results) {
            hashes.add(f.get().sha256());
        }
        pool.shutdown();
        byte[] stored = Files.readAllBytes(store.dataPath(id).resolve("same.bin"));
        assertThat(stored).as("stored size").hasSize(size);
        byte first = stored[0];
        for (byte b : stored) {
            if (b != first) {
                throw new AssertionError("file mixes two uploads");
            }
        }
        String storedHash = Hashing.hex(Hashing.sha256().digest(stored));
        assertThat(hashes).as("the stored file is one of the uploads").contains(storedHash);
        assertThat(store.tree(id, "")).as("tree reports the stored file's hash").singleElement()
                .extracting(TreeEntry::sha256).isEqualTo(storedHash);
    }
}
