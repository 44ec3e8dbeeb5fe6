package news.summit.article;

import java.text.BreakIterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sentences as the JDK's {@link BreakIterator} finds them for a language, less its breaks after
 * abbreviations, which it takes for the end of a sentence ("Mr. Smith", "the U.S. Secretary"):
 * as ICU's suppressions do, a break right after an English title, an initial or a dotted acronym
 * is not one.
 */
final class SentenceSegmenter {

    /** Titles and other abbreviations that a capitalised word often follows. */
    private static final Set<String> ENGLISH_ABBREVIATIONS = Set.of("mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr",
            "st", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "hon", "pres", "no", "vol", "fig",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "ltd",
            "co", "vs", "approx");

    /** A single initial ("F.") or letters each followed by a period ("U.S.", "p.m.", "e.g."). */
    private static final Pattern INITIALS = Pattern.compile("(\\p{L}\\.)+");

    private final Locale locale;

    SentenceSegmenter(Locale locale) {
        this.locale = locale;
    }

    /** The first sentence of a text, without the space after it; the whole text when it has one sentence. */
    String firstSentence(String text) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(this.locale);
        sentences.setText(text);
        int end = sentences.next();
        while (end != BreakIterator.DONE && end < text.length() && endsInAbbreviation(text.substring(0, end))) {
            end = sentences.next();
        }
        return ((end == BreakIterator.DONE) ? text : text.substring(0, end)).strip();
    }

    private boolean endsInAbbreviation(String sentence) {
        if (!"en".equals(this.locale.getLanguage())) {
            return false;
        }
        String trimmed = sentence.strip();
        String lastWord = trimmed.substring(trimmed.lastIndexOf(' ') + 1);
        if (!lastWord.endsWith(".")) {
            return false;
        }
        String word = lastWord.substring(0, lastWord.length() - 1).toLowerCase(Locale.ROOT);
        return ENGLISH_ABBREVIATIONS.contains(word) || INITIALS.matcher(lastWord).matches();
    }

}
