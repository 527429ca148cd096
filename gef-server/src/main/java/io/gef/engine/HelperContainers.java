package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived containers of the base image that do file work on an engine's host for GEF (never a job's): root in
 * the container (the engine's remapped root where it remaps), no network, every capability dropped but the three
 * file ones, labelled {@code gef.helper} and removed after use.
 */
final class HelperContainers {
    private static final Logger log = LoggerFactory.getLogger(HelperContainers.class);
    static final String LABEL_HELPER = "gef.helper";
    private final DockerClient client;
    private final String image;
    private final java.util.Optional<com.github.dockerjava.api.model.AuthConfig> pullAuth;
    private volatile boolean pulled;

    /** @param runner the engine's job runner, whose registry credentials (pull-only) the helpers' pull uses */
    HelperContainers(DockerClient client, String image, ContainerRunner runner) {
        this.client = client;
        this.image = image;
        this.pullAuth = runner.pullAuth(io.gef.registry.ImageRef.parse(image));
    }

    static Mount volume(String name) {
        return new Mount().withType(MountType.VOLUME).withSource(name).withTarget("/v");
    }

    static Mount bind(String hostPath) {
        return new Mount().withType(MountType.BIND).withSource(hostPath).withTarget("/v").withReadOnly(true);
    }

    String create(Mount mount, List<String> cmd) {
        ensureImage();
        HostConfig hc = HostConfig.newHostConfig().withNetworkMode("none").withMounts(List.of(mount))
                .withCapDrop(Capability.ALL).withCapAdd(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER)
                .withSecurityOpts(List.of("no-new-privileges:true")).withPidsLimit(64L);
        return client.createContainerCmd(image).withUser("0").withCmd(cmd).withLabels(Map.of(LABEL_HELPER, "files"))
                .withHostConfig(hc).exec().getId();
    }

    /** Runs {@code cmd} to its end; its stdout, or an exception with its stderr when it fails. */
    String run(Mount mount, List<String> cmd) {
        String id = create(mount, cmd);
        try {
            return startAndWait(id, cmd);
        } finally {
            remove(id);
        }
    }

    /**
     * Copies {@code length} bytes of {@code body} as file {@code name} into {@code dir} of a new helper (the engine
     * extracts the tar into its mounts), then runs {@code cmd} there.
     */
    void putAndRun(Mount mount, String dir, String name, InputStream body, long length, List<String> cmd)
            throws IOException {
        String id = create(mount, cmd);
        try {
            AtomicReference<IOException> failed = new AtomicReference<>();
            PipedInputStream tar = new PipedInputStream(1 << 16);
            PipedOutputStream pipe = new PipedOutputStream(tar);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(pipe)) {
                    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(length);
                    e.setMode(0644);
                    out.putArchiveEntry(e);
                    long copied = body.transferTo(new LimitCheck(out, length));
                    if (copied != length) {
                        throw new IOException("the body had " + copied + " bytes, not " + length);
                    }
                    out.closeArchiveEntry();
                    out.finish();
                } catch (IOException | RuntimeException e) {
                    failed.set(e instanceof IOException io ? io : new IOException(e));
                    try {
                        tar.close(); // the engine's side sees the end at once
                    } catch (IOException ignored) {
                        // closing a pipe
                    }
                }
            });
            try {
                client.copyArchiveToContainerCmd(id).withRemotePath(dir).withTarInputStream(tar).exec();
            } catch (RuntimeException e) {
                writer.interrupt();
                throw failed.get() != null ? failed.get() : new IOException("copy to engine failed: " + e, e);
            } finally {
                joinQuietly(writer);
            }
            if (failed.get() != null) {
                throw failed.get();
            }
            startAndWait(id, cmd);
        } finally {
            remove(id);
        }
    }

    private String startAndWait(String id, List<String> cmd) {
        client.startContainerCmd(id).exec();
        int code = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(5, TimeUnit.MINUTES);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try {
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    (f.getStreamType() == StreamType.STDERR ? err : out)
                            .append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading a helper's output", e);
        }
        if (code != 0) {
            throw new IllegalStateException("helper " + cmd.getFirst() + " on the engine exited " + code + ": "
                    + err.toString().strip());
        }
        return out.toString();
    }

    void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // removed already
        } catch (RuntimeException e) {
            log.warn("helper container {} left: {}", id, e.toString());
        }
    }

    private void ensureImage() {
        if (pulled) {
            return;
        }
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            int colon = image.lastIndexOf(':');
            try {
                var pull = client.pullImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1));
                pullAuth.ifPresent(pull::withAuthConfig);
                pull.exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted pulling " + image, e);
            }
        }
        pulled = true;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails once more than the declared bytes come, so an over-long body never reaches the tar entry. */
    private static final class LimitCheck extends java.io.FilterOutputStream {
        private long left;

        LimitCheck(java.io.OutputStream out, long left) {
            super(out);
            this.left = left;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the body is longer than the declared length");
            }
            out.write(b, off, len);
            left -= len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
