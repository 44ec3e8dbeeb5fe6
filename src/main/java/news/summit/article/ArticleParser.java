package news.summit.article;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Turns the source text into an {@link Article}, by the rules of docs/api.md: the first non-blank
 * line is the title; after it, blank lines separate paragraphs; lines of a paragraph are joined
 * and runs of whitespace collapse to one space. Invalid input is an
 * {@link IllegalArgumentException} whose message says, in a few words, what is wrong.
 */
final class ArticleParser {

    /** Silent reading of non-fiction in English (Brysbaert 2019). */
    static final int WORDS_PER_MINUTE = 238;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String language;

    private final SentenceSegmenter sentences;

    ArticleParser(String language) {
        this.language = language;
        this.sentences = new SentenceSegmenter(Locale.forLanguageTag(language));
    }

    Article parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("it is empty");
        }
        String text = decodeUtf8(bytes);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        String title = null;
        List<String> blocks = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            String words = collapseWhitespace(line);
            if (title == null) {
                title = words.isEmpty() ? null : words;
            }
            else if (words.isEmpty()) {
                addBlock(blocks, block);
            }
            else {
                block.append(block.isEmpty() ? "" : " ").append(words);
            }
        }
        addBlock(blocks, block);
        if (title == null) {
            throw new IllegalArgumentException("it holds only whitespace, no title");
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("it has a title but no paragraph after it");
        }
        List<Paragraph> paragraphs = new ArrayList<>(blocks.size());
        for (String paragraph : blocks) {
            paragraphs.add(new Paragraph(paragraphs.size() + 1, paragraph, countWords(paragraph)));
        }
        return new Article(title, metadata(title, paragraphs, bytes, source), paragraphs);
    }

    private ArticleMetadata metadata(String title, List<Paragraph> paragraphs, byte[] bytes, String source) {
        int words = paragraphs.stream().mapToInt(Paragraph::wordCount).sum();
        int characters = paragraphs.stream().mapToInt((p) -> p.text().codePointCount(0, p.text().length())).sum();
        int minutes = Math.max(1, (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE);
        String excerpt = this.sentences.firstSentence(paragraphs.get(0).text());
        return new ArticleMetadata(title, excerpt, this.language, paragraphs.size(), words, characters, minutes,
                sha256(bytes), source, null, null, List.of(), null);
    }

    /**
     * Collapses each run of whitespace (as {@link Character#isWhitespace} defines it, which is
     * what {@code wc -w} splits on) to one space, and trims.
     */
    static String collapseWhitespace(String text) {
        StringBuilder result = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = !result.isEmpty();
            }
            else {
                if (pendingSpace) {
                    result.append(' ');
                    pendingSpace = false;
                }
                result.append(c);
            }
        }
        return result.toString();
    }

    private static void addBlock(List<String> blocks, StringBuilder block) {
        if (!block.isEmpty()) {
            blocks.add(block.toString());
            block.setLength(0);
        }
    }

    private static int countWords(String collapsed) {
        return (int) collapsed.chars().filter((c) -> c == ' ').count() + 1;
    }

    /** The source's checksum, as {@code sha256sum} prints it. */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException("it is not valid UTF-8 (bad byte at offset " + in.position() + ")");
        }
        return out.flip().toString();
    }

}
