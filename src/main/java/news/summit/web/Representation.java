package news.summit.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * One representation of a resource, rendered once: its bytes in each content coding, each with
 * its own strong ETag and {@code Repr-Digest} (RFC 9530), all derived from the bytes alone, so
 * they are the same on every replica and after every restart.
 *
 * @param gzip the gzip-coded form, present for bodies of {@link #GZIP_THRESHOLD} bytes and more
 */
public record Representation(MediaType mediaType, Body identity, @Nullable Body gzip) {

    /** Smaller bodies gain too little from compression to pay for it. */
    static final int GZIP_THRESHOLD = 1024;

    public static Representation of(MediaType mediaType, byte[] bytes) {
        return new Representation(mediaType, Body.of(bytes),
                (bytes.length >= GZIP_THRESHOLD) ? Body.of(gzip(bytes)) : null);
    }

    /** The form to send: gzip when there is one and the client takes it. */
    Body body(boolean gzipAccepted) {
        return (gzipAccepted && this.gzip != null) ? this.gzip : this.identity;
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Bytes with their validators. */
    public record Body(byte[] bytes, String eTag, String reprDigest) {

        static Body of(byte[] bytes) {
            byte[] sha256 = sha256(bytes);
            String eTag = "\"" + HexFormat.of().formatHex(sha256, 0, 16) + "\"";
            return new Body(bytes, eTag, "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":");
        }

    }

}
