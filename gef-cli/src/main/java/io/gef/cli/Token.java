package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * A bearer token and where it came from ({@code source}: shown when the server refuses it, so the user knows which
 * one to replace). Never taken from a command-line value: {@code ps} would show it to every user of the machine.
 */
record Token(String value, String source) {
    @Override
    public String toString() {
        return "Token[" + source + "]"; // never the value
    }

    /**
     * The token to use: the {@code --token-file} given (what is said on the command line wins), else
     * {@code GEF_TOKEN}, else the file {@code gef login} saved. A missing or empty file named explicitly is a usage
     * error; none at all is an authentication failure.
     */
    static Token resolve(CliEnv env, Path tokenFile) {
        if (tokenFile != null) {
            return read(env.local(tokenFile.toString()))
                    .orElseThrow(() -> CliFailure.usage("--token-file " + tokenFile + ": no such file or it is empty"));
        }
        String fromEnv = env.get("GEF_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Token(fromEnv.trim(), "GEF_TOKEN");
        }
        return read(env.savedTokenFile()).orElseThrow(() -> new CliFailure(Exit.AUTH, null,
                "no token: set GEF_TOKEN, pass --token-file FILE, or run 'gef login'"));
    }

    /** The first line of {@code file}, if the file exists and holds one. */
    static Optional<Token> read(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(new Token(s.lines().findFirst().orElseThrow(),
                    file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The token's id ({@code tok-…}, its JWT {@code jti}), read without verifying anything: only to name the token
     * in messages. Empty when the value is not a JWT.
     */
    Optional<String> id() {
        String[] parts = value.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.ofNullable(claims.path("jti").textValue());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** "token tok-… from GEF_TOKEN", for messages. */
    String describe() {
        return id().map(i -> "token " + i).orElse("the token") + " from " + source;
    }
}
