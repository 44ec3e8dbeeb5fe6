package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown representation, read back by a CommonMark parser (commonmark-java), says what
 * the article says: a level-1 heading with the title, then one paragraph per paragraph, and
 * their text exactly, whatever Markdown would otherwise make of it.
 */
class MarkdownRepresentationTest {

    /** Markdown's special characters everywhere, and every block construct at a paragraph's start. */
    static final String DENSE = """
            Fish & chips, *not* _emphasis_, `code`, [a](link), <b>tag</b>, \\ and ! | all as written ##

            1. not an ordered list

            2) nor this one

            - not a bullet

            + nor this

            * nor this

            > not a quote

            # not a heading

            ###### nor a smaller one

            *** not a thematic break

            ***

            ---

            ___

            ===

            ~~~ not a code fence

            ``` nor this

            <div>not an HTML block</div>

            <!-- not a comment -->

            <http://x.example> is not an autolink, nor <me@x.example>

            | not | a | table |

            &amp; &copy; &#169; &#x27; &nbsp; stay entity references, not the characters they name

            A & B && C; AT&T; &

            [label]: http://x.example "not a link reference definition"

            ![not](an-image.png) and [not][label] a link, \\* an escape, \\\\ two backslashes

            **strong**, __strong__, ~~struck~~, a_b_c, 2*3*4, <span a="b">

            A trailing backslash \\
            """;

    private final Parser parser = Parser.builder().build();

    private final ArticleParser articles = new ArticleParser("en");

    @Test
    void seedReadsBackAsItsTitleAndParagraphs() throws IOException {
        Article seed = this.articles.parse(ArticleParserTest.seed(), "summit.txt");
        assertThat(seed.paragraphs()).hasSize(8);
        assertReadsBackAsWritten(seed);
    }

    @Test
    void textDenseWithMarkdownSyntaxReadsBackAsWritten() {
        Article dense = this.articles.parse(DENSE.getBytes(StandardCharsets.UTF_8), "dense.txt");
        assertThat(dense.paragraphs()).hasSize(25);
        assertReadsBackAsWritten(dense);
    }

    /** Without this, a reader that dropped markup silently would pass the tests above vacuously. */
    @Test
    void theReaderSeesMarkupThatIsNotEscaped() {
        assertThat(blocks(this.parser.parse("# T\n\n*a* &amp; [b](c)\n\n- d\n"))).containsExactly("# T", "a & b",
                "BulletList d");
    }

    private void assertReadsBackAsWritten(Article article) {
        List<String> expected = new ArrayList<>();
        expected.add("# " + article.title());
        article.paragraphs().forEach((paragraph) -> expected.add(paragraph.text()));
        String markdown = ArticleRepresentations.markdown(article);
        assertThat(blocks(this.parser.parse(markdown))).as(markdown).containsExactlyElementsOf(expected);
    }

    /**
     * Each top-level block as the plain text a reader sees: a level-1 heading marked with
     * {@code # }, a paragraph as its text, anything else with its node type in front.
     */
    private static List<String> blocks(Node document) {
        List<String> blocks = new ArrayList<>();
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            String text = plainText(block);
            if (block instanceof Heading heading && heading.getLevel() == 1) {
                blocks.add("# " + text);
            }
            else if (block instanceof Paragraph) {
                blocks.add(text);
            }
            else {
                blocks.add(block.getClass().getSimpleName() + " " + text);
            }
        }
        return blocks;
    }

    /** Literal text and code; inline HTML, link targets and emphasis markers are not text. */
    private static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {

            @Override
            public void visit(Text node) {
                text.append(node.getLiteral());
            }

            @Override
            public void visit(Code node) {
                text.append(node.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak node) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak node) {
                text.append('\n');
            }

        });
        return text.toString();
    }

}
