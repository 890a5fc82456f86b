package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// typedCase is one application snippet and the findings it must give,
// each as "code text" (the text the finding spans).
type typedCase struct {
	name, lang, title, body string
	want                    []string
}

// runTyped checks each case as a guide of its own: the assumptions and
// the case's snippet. No client: the typed rules hold whatever the
// client, and the rules comparing with one stay out of the way.
func runTyped(t *testing.T, tests []typedCase) {
	t.Helper()
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code(tt.lang, tt.title, tt.body)
			var got []string
			for _, d := range f.diags(t, v, nil) {
				got = append(got, d.Code+" "+string(f.content[d.Span.Start:d.Span.End]))
				if d.Message == "" || d.Message[0] >= 'A' && d.Message[0] <= 'Z' {
					t.Errorf("message %q: want lowercase", d.Message)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}

// TestBoolSpelling covers misspelt booleans in every format the model
// reads, with controls that must stay silent.
func TestBoolSpelling(t *testing.T) {
	const bs = "consistency-bool-spelling "
	runTyped(t, []typedCase{
		{"env ture", "shell", ".env", "OIDC_ENABLED=ture\n", []string{bs + "ture"}},
		{"env flase", "shell", ".env", "OIDC_AUTO_REGISTER=flase\n", []string{bs + "flase"}},
		{"env quoted treu", "shell", ".env", "OIDC_ENABLED='treu'\n", []string{bs + "treu"}},
		{"env capital Ture", "shell", ".env", "OIDC_ENABLED=Ture\n", []string{bs + "Ture"}},
		{"env switch named after the well-known document", "shell", ".env", "PROXY_OIDC_REWRITE_WELLKNOWN=ture\n", []string{bs + "ture"}},
		{"env right", "shell", ".env", "OIDC_ENABLED=true\nOIDC_AUTO=false\nA=yes\nB=off\nC=1\nD=TRUE\n", nil},
		{"env real word under a plain key", "shell", ".env", "VIEW_MODE=tree\nSOUND=rue\n", nil},
		{"env real word under a switch key", "shell", ".env", "ENABLE_SIGNUP=tree\n", []string{bs + "tree"}},
		{"env day", "shell", ".env", "AUTO_UPDATE_DAY=tue\n", nil},
		{"env other words", "shell", ".env", "LOG_LEVEL=trace\nMODE=fast\nNAME=trust\nX=fake\nY=truth\n", nil},
		{"env reference", "shell", ".env", "OIDC_ENABLED=${ENABLED}\n", nil},
		{"compose map", "yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_ENABLED: 'fasle'\n", []string{bs + "fasle"}},
		{"compose list", "yaml", "compose.yml", "services:\n  app:\n    environment:\n      - OIDC_ENABLED=tru\n", []string{bs + "tru"}},
		{"compose key outside environment", "yaml", "compose.yml", "services:\n  app:\n    tty: ture\n", nil},
		{"yaml", "yaml", "config.yml", "oidc:\n  enabled: treu\n  name: app\n", []string{bs + "treu"}},
		{"yaml right", "yaml", "config.yml", "oidc:\n  enabled: true\n  layout: tree\n", nil},
		{"ini", "ini", "app.ini", "[oauth]\nenable_oauth2_auth = ture\n", []string{bs + "ture"}},
		{"toml quoted", "toml", "app.toml", "enabled = \"fals\"\n", []string{bs + "fals"}},
		{"toml bare is a syntax error", "toml", "app.toml", "enabled = fals\n", nil},
		{"json quoted", "json", "config.json", "{\"enabled\": \"flase\"}\n", []string{bs + "flase"}},
		{"json bare is a syntax error", "json", "config.json", "{\"enabled\": flase}\n", nil},
		{"php unquoted", "php", "config.php", "<?php\n$CONFIG = [\n  'oidc_login_auto_redirect' => ture,\n];\n", []string{bs + "ture"}},
		{"python unquoted", "python", "settings.py", "OIDC_VERIFY_SSL = Flase\n", []string{bs + "Flase"}},
		{"python right", "python", "settings.py", "OIDC_VERIFY_SSL = False\nX = tree\n", nil},
		{"js unquoted", "javascript", "server.js", "const config = {\n  authRequired: fasle,\n};\n", []string{bs + "fasle"}},
		{"xml", "xml", "SSO-Auth.xml", "<Config>\n  <Enabled>ture</Enabled>\n</Config>\n", []string{bs + "ture"}},
		{"properties", "properties", "sonar.properties", "sonar.auth.oidc.enabled=ture\n", []string{bs + "ture"}},
		{"hcl", "hcl", "main.tf", "resource \"x\" \"y\" {\n  enabled = flase\n}\n", []string{bs + "flase"}},
		{"lua", "lua", "nginx.conf", "local opts = {\n  use_pkce = treu,\n}\n", []string{bs + "treu"}},
		{"ruby", "ruby", "gitlab.rb", "config = {\n  discovery: fasle,\n}\n", []string{bs + "fasle"}},
		{"ruby indexed", "ruby", "gitlab.rb", "gitlab_rails['omniauth_allow_single_sign_on'] = fasle\ngitlab_rails['x'] = tree\n", []string{bs + "fasle"}},
		{"php indexed", "php", "config.php", "<?php\n$CONFIG['oidc_login_disable_registration'] = Flase;\n", []string{bs + "Flase"}},
		{"code names that are no typos", "javascript", "server.js", "const c = {\n  view: tree,\n  mode: trace,\n};\n", nil},
		{"shell flag", "shell", "", "app --oidc-enabled=treu\n", []string{bs + "treu"}},
	})
}

// TestBoolQuoted covers booleans written as strings where the format
// types them, and the places YAML must quote them.
func TestBoolQuoted(t *testing.T) {
	const bq = "consistency-bool-quoted "
	runTyped(t, []typedCase{
		{"json", "json", "config.json", "{\n  \"Enable\": \"true\",\n  \"Id\": \"app\"\n}\n", []string{bq + "true"}},
		{"json false", "json", "config.json", "{\"oidc\": {\"newAccounts\": \"false\"}}\n", []string{bq + "false"}},
		{"json upper keys", "json", "", "{\"openid_connect\": {\"OAUTH_PKCE_ENABLED\": \"true\", \"editor.x\": \"false\"}}\n", []string{bq + "true", bq + "false"}},
		{"json bare", "json", "config.json", "{\"Enable\": true}\n", nil},
		{"json env", "json", "task.json", "{\"environment\": [{\"name\": \"OIDC_ENABLED\", \"value\": \"true\"}], \"env\": {\"X\": \"true\"}}\n", nil},
		{"json other string", "json", "config.json", "{\"Enable\": \"yes\", \"Mode\": \"True story\"}\n", nil},
		{"yaml beside bare booleans", "yaml", "config.yml", "oidc:\n  enabled: true\n  challenge: 'false'\n", []string{bq + "false"}},
		{"yaml alone in chart values", "yaml", "values.yaml", "oidc:\n  enabled: \"false\"\n  name: app\n", nil},
		{"yaml alone untitled", "yaml", "", "oidc:\n  enabled: \"false\"\n  name: app\n", nil},
		{"yaml alone in a config file", "yaml", "config.yaml", "oidc:\n  enabled: \"false\"\n  name: app\n", []string{bq + "false"}},
		{"yaml manifest", "yaml", "policy.yaml", "apiVersion: x/v1\nkind: SecurityPolicy\nspec:\n  forwardAccessToken: 'false'\n", nil},
		{"yaml env names", "yaml", "config.yaml", "config:\n  OIDC_ENABLED: 'true'\n  OAUTH_AUTO: 'false'\n", nil},
		{"yaml github actions", "yaml", "workflow.yml", "jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: 'false'\n", nil},
		{"yaml env", "yaml", "values.yaml", "env:\n  OIDC_ENABLED: 'true'\n  DEBUG: false\n", nil},
		{"yaml container env", "yaml", "deployment.yaml", "env:\n  - name: OIDC_ENABLED\n    value: 'true'\n  - name: X\n    value: 'a'\n", nil},
		{"yaml configmap", "yaml", "cm.yaml", "kind: ConfigMap\nmetadata:\n  name: x\ndata:\n  enabled: 'true'\n  other: 'x'\nimmutable: false\n", nil},
		{"yaml annotations", "yaml", "ingress.yaml", "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: 'true'\n  x: true\n", nil},
		{"compose environment", "yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_ENABLED: 'true'\n      X: 'y'\n    tty: true\n", nil},
		{"yaml document of bare booleans", "yaml", "values.yaml", "ollama:\n  enabled: false\nsso:\n  enabled: true\n  oidc:\n    enabled: 'true'\n    name: x\n", []string{bq + "true"}},
		{"yaml document quoting on purpose", "yaml", "values.yaml", "a:\n  enabled: 'false'\nb:\n  enabled: 'true'\nc:\n  enabled: true\n", nil},
		{"yaml in a configmap block", "yaml", "cm.yaml", "kind: ConfigMap\ndata:\n  enabled: 'true'\n  sso: |\n    issuer: https://auth.example.com\n    rbac:\n      enabled: true\n      secure: \"false\"\n", []string{bq + "false"}},
		{"yaml alone in a configmap block", "yaml", "cm.yaml", "kind: ConfigMap\ndata:\n  enabled: 'true'\n  sso: |\n    issuer: https://auth.example.com\n    rbac:\n      enabled: 'false'\n", []string{bq + "false"}},
		{"authelia's configuration decodes strings", "yaml", "configuration.yml", "identity_providers:\n  oidc:\n    enable_pkce_plain_challenge: 'true'\n    enforce_pkce: always\n    enable_client_debug_messages: false\n    clients:\n      - client_id: 'app'\n        public: true\n        require_pkce: 'true'\n", nil},
		{"yaml toleration", "yaml", "deployment.yaml", "spec:\n  hostNetwork: false\n  automountServiceAccountToken: false\n  tolerations:\n    - key: dedicated\n      operator: Equal\n      value: 'true'\n  nodeSelector:\n    gpu: 'true'\n", nil},
		{"yaml kubeadm extraArgs", "yaml", "kubeadm.yaml", "apiServer:\n  extraArgs:\n    oidc-issuer-url: https://auth.example.com\n    anonymous-auth: 'false'\n  certSANs: []\netcd:\n  local:\n    dataDir: /var\nrotate: true\nx: true\n", nil},
		{"yaml compose labels excerpt", "yaml", "compose.yml", "traefik.http.middlewares.authelia.forwardAuth.trustForwardHeader: 'true'\nx: 'y'\n", nil},
		{"yaml dotted properties", "yaml", "config.yaml", "config:\n  oidc.enabled: 'true'\n  x: true\n  y: false\n", nil},
		{"toml beside bare", "toml", "oauth2-proxy.cfg", "cookie_secure = \"true\"\nskip_provider_button = true\n", []string{bq + "true"}},
		{"toml alone", "toml", "app.toml", "cookie_secure = \"true\"\n", nil},
		{"toml restated from .env", "toml", "config.toml", "[oidc]\noidc_enabled = \"true\"\noidc_client_id = \"app\"\n", nil},
		{"yaml config file quoting every boolean", "yaml", "config.yaml", "oidc:\n  enabled: 'true'\n  signup: 'false'\n", nil},
		{"toml env table", "toml", "fly.toml", "[env]\n  OIDC_ENABLED = \"true\"\n[http_service]\n  force_https = true\n", nil},
		{"toml table beside env", "toml", "fly.toml", "[env]\n  OIDC_ENABLED = \"true\"\n[http_service]\n  force_https = true\n  auto_stop = \"false\"\n", []string{bq + "false"}},
		{"toml nested env table", "toml", "netlify.toml", "[build.environment]\n  SECURE = \"false\"\n[build]\n  x = true\n", nil},
		{"ini is text", "ini", "app.ini", "enabled = \"true\"\nother = true\n", nil},
		{"spring boot binds strings", "yaml", "application.yml", "spring:\n  security:\n    enabled: true\n    oauth2:\n      pkce: 'true'\n", nil},
		{"spring boot profile alone", "yaml", "application-prod.yaml", "oidc:\n  enabled: \"false\"\n  name: app\n", nil},
	})
}

// TestEnumSpelling covers OAuth 2.0 enum values in another spelling
// than their registry's, under the keys that pass them to the provider,
// with application enums and placeholders that must stay silent.
func TestEnumSpelling(t *testing.T) {
	const (
		rt = "consistency-response-type "
		gt = "consistency-grant-type "
		am = "consistency-auth-method "
		pk = "consistency-pkce "
		sa = "consistency-signing-alg "
	)
	runTyped(t, []typedCase{
		{"response type case", "shell", ".env", "OIDC_RESPONSE_TYPE=Code\n", []string{rt + "Code"}},
		{"response type plural", "yaml", "config.yml", "oidc:\n  responseType: codes\n", []string{rt + "codes"}},
		{"response type is the grant's name", "javascript", "server.js", "const c = {\n  response_type: 'authorization_code',\n};\n", []string{rt + "authorization_code"}},
		{"response type combination", "shell", ".env", "OIDC_RESPONSE_TYPE='code id-token'\n", []string{rt + "code id-token"}},
		{"response type right", "shell", ".env", "OIDC_RESPONSE_TYPE=code\nX_RESPONSE_TYPES='code id_token'\n", nil},
		{"response type of the app", "shell", ".env", "SAML_RESPONSE_TYPE=post\n", nil},
		{"grant type dashes", "yaml", "application.yml", "registration:\n  authelia:\n    authorization-grant-type: 'authorization-code'\n", []string{gt + "authorization-code"}},
		{"grant type abbreviated", "shell", ".env", "OIDC_GRANT_TYPE=auth_code\n", []string{gt + "auth_code"}},
		{"grant type british", "shell", ".env", "OIDC_GRANT_TYPE=authorisation_code\n", []string{gt + "authorisation_code"}},
		{"grant types list", "shell", ".env", "OIDC_GRANT_TYPES=authorization_code,refresh-token\n", []string{gt + "authorization_code,refresh-token"}},
		{"grant type camel case", "shell", ".env", "OIDC_GRANT_TYPE=AuthorizationCode\n", nil},
		{"grant type right", "shell", ".env", "OIDC_GRANT_TYPE=authorization_code\n", nil},
		{"auth method dashes", "python", "configuration.py", "SOCIAL_AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD = 'client-secret-post'\n", []string{am + "client-secret-post"}},
		{"auth method word dropped", "json", "immich.json", "{\"oauth\": {\"tokenEndpointAuthMethod\": \"client_post\"}}\n", []string{am + "client_post"}},
		{"auth method first word dropped", "shell", ".env", "OIDC_TOKEN_AUTH_METHOD=secret_basic\n", []string{am + "secret_basic"}},
		{"auth method case", "shell", ".env", "OIDC_TOKEN_ENDPOINT_AUTH_METHOD=Client_Secret_Basic\n", []string{am + "Client_Secret_Basic"}},
		{"auth method camel case", "shell", ".env", "OIDC_TOKEN_ENDPOINT_AUTH_METHOD=ClientSecretPost\n", nil},
		{"auth method app enum", "shell", ".env", "OIDC_TOKEN_ENDPOINT_AUTH_METHOD=post\nOAUTH_AUTH_STYLE=InParams\n", nil},
		{"auth method of mail", "shell", ".env", "SMTP_AUTHENTICATION_METHOD=None\n", nil},
		{"auth method private key", "shell", ".env", "OIDC_TOKEN_ENDPOINT_AUTH_METHOD=private_key\n", nil},
		{"pkce lower case", "shell", ".env", "OIDC_PKCE_METHOD=s256\n", []string{pk + "s256"}},
		{"pkce hash name", "shell", "", "oauth2-proxy --code-challenge-method=SHA256\n", []string{pk + "SHA256"}},
		{"pkce dashed", "shell", ".env", "OIDC_CODE_CHALLENGE_METHOD=S-256\n", []string{pk + "S-256"}},
		{"pkce under a pkce key", "yaml", "config.yaml", "oidc:\n  pkce:\n    enabled: true\n    method: 's256'\n", []string{pk + "s256"}},
		{"pkce right", "yaml", "config.yaml", "oidc:\n  pkce:\n    enabled: true\n    method: S256\n", nil},
		{"alg lower case", "shell", ".env", "OIDC_RP_SIGN_ALGO=rs256\n", []string{sa + "rs256"}},
		{"alg RSA", "shell", ".env", "OIDC_ID_TOKEN_SIGNING_ALG=RSA256\n", []string{sa + "RSA256"}},
		{"alg xmldsig name", "shell", ".env", "OIDC_ID_TOKEN_SIGNING_ALG=RSA-SHA256\n", []string{sa + "RSA-SHA256"}},
		{"alg hash is no algorithm", "shell", ".env", "OIDC_SIGNING_ALGORITHM=sha256\nHASH_ALGORITHM=SHA256\n", nil},
		{"alg of saml", "yaml", "config.yml", "saml:\n  signature_algorithm: rsa-sha256\n", nil},
		{"alg of mail", "shell", ".env", "DKIM_SIGNING_ALGORITHM=rsa-sha256\n", nil},
		{"alg right", "shell", ".env", "OIDC_RP_SIGN_ALGO=RS256\n", nil},
		{"placeholder", "shell", ".env", "OIDC_RESPONSE_TYPE=<response_type>\nOIDC_GRANT_TYPE=${GRANT}\n", nil},
		{"url query", "", "", "https://auth.example.com/api/oidc/authorization?response_type=codes&client_id=app\n", []string{rt + "codes"}},
		{"url query pkce", "", "", "https://auth.example.com/api/oidc/authorization?client_id=app&code_challenge_method=s256\n", []string{pk + "s256"}},
		{"url query right", "", "", "https://auth.example.com/api/oidc/authorization?response_type=code%20id_token&code_challenge_method=S256\n", nil},
	})
}

// TestEnumSpellingFormats covers the enum rule in more of the formats an
// application's settings come in, and in a GUI's steps.
func TestEnumSpellingFormats(t *testing.T) {
	const (
		rt = "consistency-response-type "
		am = "consistency-auth-method "
		sa = "consistency-signing-alg "
		gt = "consistency-grant-type "
	)
	runTyped(t, []typedCase{
		{"hcl", "hcl", "main.tf", "resource \"x\" \"y\" {\n  token_endpoint_auth_method = \"client-secret-basic\"\n}\n", []string{am + "client-secret-basic"}},
		{"ruby", "ruby", "gitlab.rb", "gitlab_rails['omniauth_providers'] = [\n  {\n    args: {\n      response_type: \"Code\",\n    }\n  }\n]\n", []string{rt + "Code"}},
		{"properties", "properties", "sonar.properties", "sonar.auth.oidc.idTokenSigAlg=rs256\nsonar.auth.oidc.id_token_signed_response_alg=RS-256\n", []string{sa + "rs256", sa + "RS-256"}},
		{"xml", "xml", "SSO-Auth.xml", "<Config>\n  <OidResponseType>CODE</OidResponseType>\n</Config>\n", []string{rt + "CODE"}},
		{"json list", "json", "client.json", "{\"oidc\": {\"grantType\": \"refresh_tokens\"}}\n", []string{gt + "refresh_tokens"}},
		{"compose environment", "yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_TOKEN_ENDPOINT_AUTH_METHOD: 'client_secret_pst'\n", []string{am + "client_secret_pst"}},
		{"apache directive", "apache", "oidc.conf", "OIDCProviderTokenEndpointAuth private-key-jwt\n", []string{am + "private-key-jwt"}},
		{"kubernetes flag list", "yaml", "kube-apiserver.yaml", "spec:\n  containers:\n    - command:\n        - kube-apiserver\n        - --oidc-signing-algs=RS256,es256\n", []string{sa + "RS256,es256"}},
		{"yaml list of grant types", "yaml", "client.yaml", "oidc:\n  grant_types:\n    - authorization_code\n    - refresh-token\n  response_types: [Code]\n", []string{gt + "refresh-token", rt + "Code"}},
		{"json list of grant types", "json", "client.json", "{\"grantTypes\": [\"authorization_code\", \"client_credential\"]}\n", []string{gt + "client_credential"}},
		{"yaml list right", "yaml", "client.yaml", "grant_types: [authorization_code, refresh_token, 'urn:ietf:params:oauth:grant-type:device_code']\n", nil},
		{"auth method by value", "shell", ".env", "OIDC_TOKEN_AUTH=client-secret-post\nAPP_CLIENT_AUTHENTICATION=Client_Secret_Basic\n", []string{am + "client-secret-post", am + "Client_Secret_Basic"}},
		{"grant by value", "yaml", "config.yml", "oauth:\n  flow: authorization-code\n", []string{gt + "authorization-code"}},
		{"by value under another key", "yaml", "secret.yml", "secretName: client-secret-post\nname: authorization-code\n", nil},
		{"alg among oidc settings", "shell", ".env", "OIDC_ISSUER=https://auth.example.com\nOIDC_ALG=rs256\nHASH_ALGORITHM=sha256\n", []string{sa + "rs256"}},
		{"pkce switch given the method", "shell", ".env", "OIDC_PKCE=s256\nOIDC_USE_PKCE=true\n", []string{"consistency-pkce s256"}},
		{"elixir", "elixir", "config.exs", "config :app, :oidc,\n  response_type: \"codes\"\n", []string{rt + "codes"}},
	})
}

// TestTypedInstructions covers GUI steps naming the setting: an enum, a
// switch.
func TestTypedInstructions(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ item, want string }{
		{"Signing Algorithm: rs256", "consistency-signing-alg rs256"},
		{"Token Endpoint Auth Method: client-secret-post", "consistency-auth-method client-secret-post"},
		{"Signing Algorithm: RS256", ""},
		{"Authorization URL: https://auth.example.com/api/oidc/authorization?client_id=app&response_type=Code", "consistency-response-type Code"},
		{"Enable PKCE: ture", "consistency-bool-spelling ture"},
		{"Auto Register: Flase", "consistency-bool-spelling Flase"},
		{"Display Name: Tree", ""},
		{"Theme: ture", ""},
	} {
		f := &fixture{}
		f.assumptions(appRoot, authRoot, "app", "")
		f.heading("Application")
		f.item("Issuer URL: " + authRoot)
		f.item(tt.item)
		var got []string
		for _, d := range f.diags(t, v, nil) {
			got = append(got, d.Code+" "+string(f.content[d.Span.Start:d.Span.End]))
		}
		if tt.want == "" && len(got) > 0 || tt.want != "" && !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%s: got %q, want %q", tt.item, got, tt.want)
		}
	}
}
