package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/type-mapping.md shows the cast tables exactly as {@code sluice types} prints them. */
class TypeMappingDocTest {
    private static final Pattern BLOCK = Pattern.compile("<!-- sluice types: (.+?) -->\\n```\\n(.*?)\\n```\\n<!-- end -->",
            Pattern.DOTALL);

    @Test
    void theDocumentedCastTablesAreTheProgramsOwn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"types"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream())));
        String printed = out.toString(StandardCharsets.UTF_8);
        String doc = Files.readString(TestServices.repoRoot().resolve("docs/type-mapping.md"));
        Matcher m = BLOCK.matcher(doc);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            assertTrue(printed.contains(m.group(2) + "\n"), "docs/type-mapping.md, table " + m.group(1)
                    + ", differs from ./sluice types: paste its output again.\nprinted:\n" + printed);
            assertTrue(m.group(2).startsWith("cast rules " + m.group(1) + " "), m.group(1));
        }
        assertEquals(4, blocks, "one table per direction in docs/type-mapping.md");
    }
}
