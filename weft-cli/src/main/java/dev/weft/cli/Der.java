package dev.weft.cli;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes the few ASN.1 DER values an X.509 certificate needs (ITU-T X.690): each method returns one
 * complete tag-length-value. Just enough for {@link SelfSigned}; pure and thread-safe.
 */
final class Der {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private Der() {}

    /** Returns a value with tag {@code tag} and the given contents, with a definite-form length. */
    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... contents) {
        return tlv(0x30, contents);
    }

    static byte[] set(byte[]... contents) {
        return tlv(0x31, contents);
    }

    /** An INTEGER in two's complement, as short as it can be (as {@link BigInteger#toByteArray()} is). */
    static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    static byte[] bitString(byte[] bits) {
        byte[] body = new byte[bits.length + 1];
        System.arraycopy(bits, 0, body, 1, bits.length);
        return tlv(0x03, body);
    }

    static byte[] octetString(byte[] bytes) {
        return tlv(0x04, bytes);
    }

    static byte[] utf8String(String s) {
        return tlv(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A UTCTime, {@code YYMMDDHHMMSSZ}: what RFC 5280 asks for dates up to 2049. */
    static byte[] utcTime(ZonedDateTime time) {
        return tlv(
                0x17, UTC_TIME.format(time.withZoneSameInstant(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII));
    }

    /** An OBJECT IDENTIFIER from its dotted form, e.g. {@code 1.2.840.10045.4.3.2}. */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            base128(out, Long.parseLong(parts[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    /** A context-specific, constructed tag {@code [n]} around complete values (EXPLICIT tagging). */
    static byte[] explicit(int n, byte[]... contents) {
        return tlv(0xA0 | n, contents);
    }

    /** A context-specific, primitive tag {@code [n]} over raw contents (IMPLICIT tagging of a primitive). */
    static byte[] implicit(int n, byte[] contents) {
        return tlv(0x80 | n, contents);
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? b : b | 0x80);
        }
    }
}
