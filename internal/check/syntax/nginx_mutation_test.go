package syntax

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/format/nginx"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// nginxSnippets returns every nginx snippet of the corpus, the novel
// guides and the Hugo docs tree next to the corpus, by "guide#index".
func nginxSnippets(t *testing.T) map[string]*snippet.Snippet {
	out := snippetsWhere(t, func(k kind) bool { return k == kindNginx })
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		docs := filepath.Join(filepath.Dir(dir), "authelia-docs")
		_ = filepath.WalkDir(docs, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(b, []byte("proxy_pass")) && !bytes.Contains(b, []byte("nginx")) {
				return nil
			}
			rel, _ := filepath.Rel(docs, p)
			_, snips := testenv.ScanGuide("docs/"+rel, b)
			for _, s := range snips {
				if kindOf(s) == kindNginx {
					out["docs/"+rel+"#"+itoa(s.Index)] = s
				}
			}
			return nil
		})
	}
	return out
}

// TestNginxMutations injects, one at a time, into every nginx snippet
// that has no finding of its own: (a) a directive's ';' dropped, (b) a
// directive's name misspelt (a letter dropped, doubled, or swapped with
// its neighbour), (c) a block's '}' dropped, (d) the '{' of a block
// directive's line (location, server, if…) dropped, (e) the closing
// quote of a one-line string dropped; and counts the mutations
// found at the right line (the line that lost its ';', the misspelt
// name's, the block's opening line, twice, the string's) and the findings at any other line.
// A dropped '}' is only certain in a snippet that elides nothing, and a
// misspelling only when it is no directive itself.
func TestNginxMutations(t *testing.T) {
	snips := nginxSnippets(t)
	for i, c := range nginxShapes {
		snips["shape#"+itoa(i)] = &snippet.Snippet{Lang: "nginx", Text: []byte(c)}
	}
	names := slices.Sorted(maps.Keys(snips))
	type count struct{ injected, found, wrong int }
	counts := map[string]*count{"semicolon": {}, "misspelt": {}, "brace": {}, "open brace": {}, "quote": {}}
	lineOf := func(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) }
	clean := 0
	for _, n := range names {
		text := snips[n].Text
		if len(checkNginx(text)) > 0 {
			t.Logf("has findings: %s", n)
			continue
		}
		clean++
		f := nginx.Parse(text)
		judge := func(what, code string, mutated []byte, want int) {
			c := counts[what]
			c.injected++
			hit := false
			for _, fd := range checkNginx(mutated) {
				if fd.code != code {
					continue
				}
				if l := lineOf(mutated, fd.span.Start); l == want {
					hit = true
				} else {
					c.wrong++
					t.Logf("WRONG %s %s line %d (want %d): %s", what, n, l+1, want+1, fd.msg)
				}
			}
			if hit {
				c.found++
			} else if testing.Verbose() {
				t.Logf("MISS %s %s line %d", what, n, want+1)
			}
		}
		for _, tk := range nginx.Lex(text) {
			if tk.Kind == nginx.Quoted && tk.End-tk.Start >= 2 && lineOf(text, tk.Start) == lineOf(text, tk.End) {
				m := append(append([]byte{}, text[:tk.End-1]...), text[tk.End:]...)
				judge("quote", "nginx-syntax", m, lineOf(text, tk.Start))
			}
		}
		nginx.Walk(f.Directives, func(d *nginx.Directive) {
			if d.Term == ';' {
				m := append(append([]byte{}, text[:d.End.Start]...), text[d.End.End:]...)
				judge("semicolon", "nginx-syntax", m, lineOf(text, d.End.Start))
			}
			if d.Term == '{' && d.Body == nil && len(d.Block) > 0 && nginxBlockNames[string(d.Name.Text(text))] &&
				lineOf(text, d.Block[0].Name.Start) > lineOf(text, d.End.Start) {
				m := append(append([]byte{}, text[:d.End.Start]...), text[d.End.End:]...)
				judge("open brace", "nginx-syntax", m, lineOf(text, d.Name.Start))
			}
			if d.Term == '{' && d.Body == nil && !d.Close.Open && !f.Elided {
				m := append(append([]byte{}, text[:d.Close.Start]...), text[d.Close.End:]...)
				judge("brace", "nginx-syntax", m, lineOf(text, d.Name.Start))
			}
			name := string(d.Name.Text(text))
			if !nginx.Known(name) || len(name) < 5 {
				return
			}
			for _, v := range misspellings(name) {
				if nginx.Known(v) {
					continue
				}
				m := append(append(append([]byte{}, text[:d.Name.Start]...), v...), text[d.Name.End:]...)
				if testing.Verbose() {
					t.Logf("misspelt %s as %s", name, v)
				}
				judge("misspelt", "nginx-directive", m, lineOf(text, d.Name.Start))
			}
		})
	}
	t.Logf("%d nginx snippets, %d without findings", len(snips), clean)
	for _, k := range []string{"semicolon", "misspelt", "brace", "open brace", "quote"} {
		c := counts[k]
		t.Logf("%s: found %d/%d at the line, %d elsewhere", k, c.found, c.injected, c.wrong)
		if c.wrong > 0 {
			t.Errorf("%s: %d findings at a wrong line", k, c.wrong)
		}
	}
}

// misspellings returns name with its middle letter dropped, its second
// letter doubled and its last two letters swapped: three slips at three
// places.
func misspellings(name string) []string {
	mid := len(name) / 2
	out := []string{name[:mid] + name[mid+1:], name[:2] + name[1:]}
	if l := len(name); name[l-1] != name[l-2] {
		out = append(out, name[:l-2]+name[l-1:]+name[l-2:l-1])
	}
	return out
}

// nginxShapes are nginx configurations of the shapes integration guides
// show that the corpus lacks: oauth2-proxy's auth_request, a stream
// proxy, an OpenResty OIDC client, Nginx Proxy Manager's advanced tab (no
// server block), an upstream with a map and a geo block, tab indentation.
var nginxShapes = []string{
	`server {
    listen 443 ssl http2;
    server_name app.example.com;
    ssl_certificate /etc/ssl/app.crt;
    ssl_certificate_key /etc/ssl/app.key;

    location /oauth2/ {
        proxy_pass http://127.0.0.1:4180;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Auth-Request-Redirect $request_uri;
    }

    location = /oauth2/auth {
        proxy_pass http://127.0.0.1:4180;
        proxy_set_header Content-Length "";
        proxy_pass_request_body off;
    }

    location / {
        auth_request /oauth2/auth;
        error_page 401 = /oauth2/sign_in;
        auth_request_set $user $upstream_http_x_auth_request_user;
        auth_request_set $email $upstream_http_x_auth_request_email;
        proxy_set_header X-User $user;
        proxy_set_header X-Email $email;
        auth_request_set $auth_cookie $upstream_http_set_cookie;
        add_header Set-Cookie $auth_cookie;
        proxy_pass http://backend;
    }
}
`,
	`stream {
    upstream ldap {
        server ldap.example.com:636;
    }
    server {
        listen 636;
        proxy_pass ldap;
        proxy_ssl on;
    }
}
`,
	`http {
    lua_package_path '~/lua/?.lua;;';
    resolver 8.8.8.8;
    lua_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;
    lua_ssl_verify_depth 5;
    lua_shared_dict discovery 1m;

    server {
        listen 8080;
        location / {
            access_by_lua_block {
                local opts = {
                    redirect_uri = "/redirect_uri",
                    discovery = "https://auth.example.com/.well-known/openid-configuration",
                    client_id = "nginx",
                    client_secret = "secret",
                }
                local res, err = require("resty.openidc").authenticate(opts)
                if err then
                    ngx.status = 500
                    ngx.exit(ngx.HTTP_INTERNAL_SERVER_ERROR)
                end
                ngx.req.set_header("X-USER", res.id_token.sub)
            }
            proxy_pass http://localhost:3000;
        }
    }
}
`,
	`location / {
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $http_host;
    proxy_set_header X-Forwarded-Uri $request_uri;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_pass $forward_scheme://$server:$port;
    client_max_body_size 0;
    proxy_buffering off;
}
`,
	`map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

geo $internal {
    default 0;
    10.0.0.0/8 1;
}

upstream app {
    server 10.0.0.2:8080 max_fails=3;
    keepalive 16;
}

server {
	listen 80;
	server_name _;
	location /ws {
		proxy_http_version 1.1;
		proxy_set_header Upgrade $http_upgrade;
		proxy_set_header Connection $connection_upgrade;
		proxy_read_timeout 3600s;
		proxy_pass http://app;
	}
	location / {
		if ($internal = 0) {
			return 403;
		}
		limit_req zone=one burst=5;
		gzip on;
		gzip_types text/plain application/json;
		sub_filter '</head>' '<script src="/x.js"></script></head>';
		sub_filter_once on;
		real_ip_header X-Forwarded-For;
		set_real_ip_from 10.0.0.0/8;
		return 301 https://$host$request_uri;
	}
}
`,
}

// TestNginxGuideMutations drops, in the guides themselves (the docs
// tree's nginx pages, whose snippets hold site variables and sit in
// shortcodes, and the novel guides), each ';' of an nginx snippet that is
// a verbatim guide byte, and checks that the whole checker reports
// nginx-syntax at the guide line of that ';' and nothing new elsewhere.
func TestNginxGuideMutations(t *testing.T) {
	dir := testenv.CorpusIfPresent(t)
	if dir == "" {
		t.Skip("no corpus")
	}
	paths, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "authelia-docs", "content", "integration", "proxies", "*.md"))
	more, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "authelia-docs", "content", "integration", "proxies", "*", "index.md"))
	novel, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel", "*", "index.md"))
	injected, found := 0, 0
	for _, p := range append(append(paths, more...), novel...) {
		guide, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(p, guide)
		before := len(runChecker(snips))
		for _, s := range snips {
			if kindOf(s) != kindNginx || s.Map == nil {
				continue
			}
			for _, tk := range nginx.Lex(s.Text) {
				if tk.Kind != nginx.Semicolon {
					continue
				}
				at, exact, ok := s.Map.Resolve(tk.Start)
				if !ok || !exact || guide[at] != ';' {
					continue
				}
				m := append(append([]byte{}, guide[:at]...), guide[at+1:]...)
				_, ms := testenv.ScanGuide(p, m)
				ds := runChecker(ms)
				injected++
				want := bytes.Count(guide[:at], []byte("\n")) + 1
				hit := false
				for _, d := range ds {
					if d.Code == "nginx-syntax" && d.Start().Line == want {
						hit = true
					}
				}
				if hit {
					found++
				} else {
					t.Errorf("%s: ';' dropped at line %d not found", p, want)
				}
				if len(ds) > before+1 {
					t.Errorf("%s: ';' dropped at line %d: %d findings, %d before", p, want, len(ds), before)
				}
			}
		}
	}
	t.Logf("';' dropped in the guides: found %d/%d at the line", found, injected)
}
