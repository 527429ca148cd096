package io.gef.services;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Turns loose uploaded files (a multipart form) into the tar build context docker builds from. */
public final class Contexts {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private Contexts() {
    }

    /** One uploaded file: its path inside the context and its content. */
    public record UploadedFile(String path, InputStream content) {
    }

    /** A tar holding the files at their paths; refuses unsafe paths and a context without a Dockerfile. */
    public static byte[] tar(List<UploadedFile> files) {
        if (files.stream().noneMatch(f -> f.path().equals("Dockerfile"))) {
            throw new GefException(ErrorCode.BAD_CONTEXT, "the build context needs a file named Dockerfile");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (UploadedFile f : files) {
                if (!SAFE.matcher(f.path()).matches() || f.path().contains("..")) {
                    throw new GefException(ErrorCode.BAD_CONTEXT, "file name '" + f.path()
                            + "' is not a safe relative path");
                }
                byte[] content = f.content().readAllBytes();
                TarArchiveEntry e = new TarArchiveEntry(f.path());
                e.setSize(content.length);
                e.setMode(0644);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
