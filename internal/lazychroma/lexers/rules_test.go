package lexers

import (
	"encoding/xml"
	"io/fs"
	"reflect"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestParseRules reads the rules of every lexer file with parseRules and
// with chroma's XML decoder: the rules must be the same, and parseRules
// must read every file (none falls back to chroma's decoder).
func TestParseRules(t *testing.T) {
	paths, err := fs.Glob(embedded, "embedded/*.xml")
	if err != nil || len(paths) == 0 {
		t.Fatal(paths, err)
	}
	for _, p := range paths {
		got, err := readRules(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		want, err := chroma.MustNewXMLLexer(embedded, p).Rules()
		if err != nil {
			t.Errorf("%s: chroma: %v", p, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rules differ from chroma's", p)
		}
	}
}

// TestParseConfig: xmlLexer reads every lexer file's configuration as
// chroma's NewXMLLexer does, and analyses text as it does.
func TestParseConfig(t *testing.T) {
	paths, err := fs.Glob(embedded, "embedded/*.xml")
	if err != nil || len(paths) == 0 {
		t.Fatal(paths, err)
	}
	texts := []string{"", "#!/bin/bash\necho hi\n", "#include <stdio.h>\nusing namespace std;\n", "<?php echo 1; ?>",
		"<!DOCTYPE html><html></html>", "package main\nfunc main() {}\n", "SELECT * FROM t;", "{% if x %}{{ y }}{% endif %}"}
	for _, p := range paths {
		data, err := readFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseConfig(data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		x := chroma.MustNewXMLLexer(embedded, p)
		if !reflect.DeepEqual(got, x.Config()) {
			t.Errorf("%s: config %+v, chroma's %+v", p, got, x.Config())
		}
		l, err := xmlLexer(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			if a, b := l.AnalyseText(text), x.AnalyseText(text); a != b {
				t.Errorf("%s: AnalyseText(%q) = %v, chroma's %v", p, text, a, b)
			}
		}
	}
}

// TestParseRulesSubset checks that what parseRules does not read is an
// error (the lexer then reads its rules as chroma does), and the XML it
// reads as chroma's decoder does.
func TestParseRulesSubset(t *testing.T) {
	for _, bad := range []string{
		``, `<lexer>`, `<lexer></rules>`, `<lexer><rules><![CDATA[x]]></rules></lexer>`,
		`<lexer><rules><state name="a"><rule pattern="a<b"/></state></rules></lexer>`,
		`<lexer><rules><state name="a"><rule><unknown/></rule></state></rules></lexer>`,
		`<lexer><rules><state name="a"><rule pattern="&bogus;"/></state></rules></lexer>`,
		`<lexer><rules><state name="a"><rule pattern="&#0;"/></state></rules></lexer>`,
		`<lexer><rules><state name="a"><rule><token type="NoSuchType"/></rule></state></rules></lexer>`,
		`<lexer><rules><state name="a"><rule><push/><pop/></rule></state></rules></lexer>`,
	} {
		if _, err := parseRules([]byte(bad)); err == nil {
			t.Errorf("parseRules(%q) succeeded", bad)
		}
	}
	for _, good := range []string{
		"<?xml version=\"1.0\"?>\n<!-- c --><lexer><config><name>x</name></config>\r\n<rules><state name='root'>" +
			"<rule pattern=\"x&#xA;&#65;&amp;&lt;\r\ny\"><token type = 'Text' /><combined state=\"b\" state=\"c\"/></rule>" +
			"<!-- c --><rule><mutators><push/><pop depth=\" 2 \"/></mutators></rule>" +
			"<rule pattern=\"z\"><usingbygroup><sublexer_name_group>1</sublexer_name_group><code_group>2</code_group>" +
			"<emitters><token type=\"Keyword\"/><usingself state=\"root\"/></emitters></usingbygroup></rule>" +
			"</state><state name=\"b\"></state></rules></lexer>",
	} {
		got, err := parseRules([]byte(good))
		if err != nil {
			t.Errorf("parseRules(%q): %v", good, err)
			continue
		}
		// What chroma's XML lexers decode (serialise.go).
		var want struct {
			chroma.Config
			Rules chroma.Rules `xml:"rules"`
		}
		if err := xml.Unmarshal([]byte(good), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want.Rules) {
			t.Errorf("parseRules(%q) = %#v, chroma's = %#v", good, got, want.Rules)
		}
	}
}
