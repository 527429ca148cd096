package io.gef.services;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Turns loose uploaded files (a multipart form) into the tar build context docker builds from. */
public final class Contexts {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private Contexts() {
    }

    /** One uploaded file: its path inside the context, its content and its size in bytes. */
    public record UploadedFile(String path, InputStream content, long size) {
    }

    /**
     * A tar holding the files at their paths, written to a temporary file (never whole in memory) that is deleted
     * when the returned stream is closed; refuses unsafe paths and a context without a Dockerfile.
     */
    public static InputStream tar(List<UploadedFile> files) {
        if (files.stream().noneMatch(f -> f.path().equals("Dockerfile"))) {
            throw new GefException(ErrorCode.BAD_CONTEXT, "the build context needs a file named Dockerfile");
        }
        for (UploadedFile f : files) {
            if (!SAFE.matcher(f.path()).matches() || f.path().contains("..")) {
                throw new GefException(ErrorCode.BAD_CONTEXT, "file name '" + f.path()
                        + "' is not a safe relative path");
            }
        }
        try {
            Path tmp = Files.createTempFile("gef-context-", ".tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tmp))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (UploadedFile f : files) {
                    TarArchiveEntry e = new TarArchiveEntry(f.path());
                    e.setSize(f.size());
                    e.setMode(0644);
                    tar.putArchiveEntry(e);
                    f.content().transferTo(tar);
                    tar.closeArchiveEntry();
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return Files.newInputStream(tmp, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
