package dev.contextgate.context;

import java.util.List;

/** Texts of the kinds a gateway counts, and the corners of o200k's split, written out by hand. */
final class HandWrittenCorpus {

    static final List<String> TEXTS = List.of(
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times,"
                    + " it was the age of wisdom, it was the age of foolishness.",
            "I'm sure they're right, but we'll see; you'd think it's done and I've checked. Don't.",
            "I'LL DO IT. They'Re HERE. WE'VE Got It. she'S 'tis O'Neill rock'n'roll 'm 'd",
            "HTTPServerError XMLHttpRequest getHTTPResponseCode iPhone McDonald's ÉCOLE Ökonomie",
            """
            public final class Main {
                public static void main(String[] args) {
                    System.out.println("Hello " + args.length); // greet
                }
            }
            """,
            """
            def fib(n: int) -> int:
                \"\"\"Return the n-th Fibonacci number.\"\"\"
                a, b = 0, 1
                for _ in range(n):
                    a, b = b, a + b
                return a
            """,
            "fn main() { let v: Vec<u32> = (0..10).map(|x| x * x).collect(); println!(\"{:?}\", v); }",
            "SELECT id, name FROM users WHERE created_at >= '2024-01-01' AND email LIKE '%@example.com';",
            "const f = async (a, b) => { await fetch(`/api/${a}?b=${b}`); return a ?? b?.c; };",
            "#include <stdio.h>\nint main(void){printf(\"%d\\n\",42);return 0;}\r\n",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.7,"
                    + "\"max_tokens\":1024,\"stream\":true,\"tools\":[]}",
            "{\n  \"a\": [1, 2, 3],\n  \"b\": {\"c\": null, \"d\": false}\n}\n",
            "31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679",
            "Order #000123 costs $1,234,567.89 on 2024-07-19T12:34:56Z; call +1 (555) 010-9999.",
            "   leading spaces and trailing spaces   ",
            "trailing space ",
            "\t\ttabs\tand  \t mixed \t\n\n\nnewlines\r\n\r\nCRLF\r\n",
            "line one\nline two\r\nline three\n\n\n    indented\n\t\tdeeper\n",
            " \n \n  \n",
            "                                                                ",
            "a\u00A0b\u2003c\u3000d",
            "中文文本没有空格，所以整个句子可能是一个很长的片段。我们也测试标点符号！",
            "日本語のテキストとカタカナ、ひらがなが混ざっています。東京タワーは333メートルです。",
            "한국어 문장도 포함합니다. 안녕하세요, 세계!",
            "العربية نص من اليمين إلى اليسار، مع أرقام ١٢٣ و 456.",
            "हिन्दी में लिखा गया वाक्य, जिसमें संयुक्ताक्षर और मात्राएँ हैं: क्षत्रिय, द्वार, श्री।",
            "Ελληνικά και Русский текст с ударениями: моло́ко, а́том.",
            "Emoji: 😀 👍🏽 👩🏿‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥 🇺🇸🇯🇵 1️⃣ #️⃣ ✌🏻",
            "👍👍👍👍👍🎉🎉🎉🚀🚀",
            "<|endoftext|> <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|><|endofprompt|>",
            "text<|endoftext|>more text",
            "e\u0301 combining: Z\u0351\u0364\u0310a\u0327l\u0336g\u0338o\u0489",
            "ǅemal ǈubljana ʰaspirated ª º",
            "Math 𝐀𝐁𝐂 𝐚𝐛𝐜 𝟎𝟏𝟐 and ½ ¾ Ⅻ ٣",
            "https://example.com/path/to/resource?query=string&foo=bar#fragment",
            "C:\\Users\\name\\Documents\\file.txt /usr/local/bin/java ../relative/path/",
            "----------------------------------------\n========\n***\n///\n",
            "a/b/c\n/\n//\r\n/",
            "x".repeat(300),
            "'s's's 'S 't 're 'RE 've 'm 'll 'd ' s",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
            "\uD83D",
            "a\uDC00b",
            "\uD800\uD800\uDC00",
            "\u0000\u0001\u001F\u007F\u0080\u009F");

    private HandWrittenCorpus() {
    }
}
