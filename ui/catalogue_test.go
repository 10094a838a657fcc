package ui_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// notText are the string literals outside the catalogue that contain words
// but are not text a person reads in a language: key names, environment
// variables, theme names, colours.
var notText = map[string]string{
	"up": "key", "down": "key", "enter": "key", "esc": "key", "ctrl+c": "key",
	"ctrl+l": "key", "shift+tab": "key", "f1": "key",
	"> [ Enter ]": "the Enter key's label on a keyboard, the same in every language",
	"TERM=dumb":   "environment", "ACCESSIBLE": "environment", "NO_COLOR": "environment",
	"false": "environment value", "default": "theme name", "high-contrast": "theme name",
	"login.": "guide key prefix", "contact.": "guide key prefix", "ctrl+g": "key",
	"pgup": "key", "pgdown": "key", "pgdn": "key",
	"CONOUT$": "the Windows console's output device",
	"tab":     "key", "caller": "share stop reason", "reset": "share stop reason", "ended": "share stop reason",
	"expired": "share stop reason",
}

var reVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// TestNoTextOutsideCatalogue reads the ui package's source: every string
// literal with words in it must live in the catalogue (text*.go), be an
// error for developers (errors.New, fmt.Errorf), or be one of notText.
func TestNoTextOutsideCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "text") {
			continue
		}
		fs := token.NewFileSet()
		af, err := parser.ParseFile(fs, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec:
				return false
			case *ast.GenDecl:
				// The guide's entry keys name entries of the catalogue.
				if n.Tok == token.CONST {
					for _, spec := range n.Specs {
						for _, name := range spec.(*ast.ValueSpec).Names {
							if !strings.HasPrefix(name.Name, "guide") {
								return true
							}
						}
					}
					return false
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok &&
						(id.Name == "errors" && sel.Sel.Name == "New" || id.Name == "fmt" && sel.Sel.Name == "Errorf") {
						return false
					}
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := notText[s]; ok || strings.HasPrefix(s, "#") {
					return true
				}
				letters := 0
				for _, r := range reVerb.ReplaceAllString(s, "") {
					if unicode.IsLetter(r) {
						letters++
					}
				}
				if letters >= 2 {
					t.Errorf("%s: %q is text outside the catalogue (put it in text_*.go)", fs.Position(n.Pos()), s)
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("only %d files checked", checked)
	}
}
