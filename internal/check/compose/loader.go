package compose

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/compose-spec/compose-go/v2/validation"
	"github.com/go-viper/mapstructure/v2"
	"github.com/sirupsen/logrus"
)

// composeFile is the name the loader gives the snippet in its messages.
const composeFile = "compose.yml"

// quietLogrus silences logrus's standard logger, through which compose-go
// warns (an obsolete `version`, a deprecated `external.name`) on stderr:
// guidec reports findings as diagnostics, and stray lines would corrupt
// its machine-readable formats. guidec itself never logs through logrus.
var quietLogrus = sync.OnceFunc(func() { logrus.SetOutput(io.Discard) })

// load runs compose-go's loader on m as `docker compose config` would with
// an empty environment, except that it never reads a file: no include, no
// extends, no env_file, no relative paths resolved, and no consistency
// check, because a guide shows an excerpt (a service without its image, a
// depends_on naming a service shown elsewhere) rather than a whole
// project.
//
// The loader's schema validation is skipped: validateSchema has already
// run the same schema over m, and compose-go (before v2.16) compiles the
// schema again on every call, which costs tens of milliseconds. The
// loader's other stages run as in LoadWithContext: interpolation, the
// canonical forms (ports, volumes…), its semantic validation and the
// binding to its types.
func load(m map[string]any) (err error) {
	quietLogrus()
	defer func() {
		if r := recover(); r != nil {
			err = panicError{r}
		}
	}()
	cfg, _ := copyValue(m).(map[string]any)
	delete(cfg, "version") // obsolete and ignored; compose-go would only log about it
	lighten(cfg)
	details := types.ConfigDetails{
		WorkingDir:  "/nonexistent",
		ConfigFiles: []types.ConfigFile{{Filename: composeFile, Config: cfg}},
		Environment: types.Mapping{},
	}
	ctx := context.Background()
	dict, err := loader.LoadModelWithContext(ctx, details, loaderOptions)
	if err != nil {
		return err
	}
	if err := validateModel(dict); err != nil {
		return err
	}
	return toProject(dict)
}

// validateModel runs compose-go's semantic validation, but always reports the
// same error for the same model. compose-go walks maps in Go's random
// order, so a model with two faults, or a volume both external and with
// two conflicting keys, fails one way or another from run to run: a guide
// would get different diagnostics on each check, and isolating the value
// at fault (which compares messages) would miss half the time. On an
// error, validateModel shrinks the model to a minimal failing one, trying keys
// in sorted order, and reports that model's error, which has a single
// cause. The shrinking changes dict, which the caller drops on an error.
func validateModel(dict map[string]any) error {
	if err := validation.Validate(dict); err == nil {
		return nil
	}
	fails := func() bool { return validation.Validate(dict) != nil }
	shrink(dict, fails, nil)
	return validation.Validate(dict)
}

// shrink removes from v each key and item without which fails still
// holds, then shrinks what is left; set replaces v in its parent (a list
// shrinks to a new slice). Keys are tried from the last in sorted order
// and items from the last, so that what is left is the first fault.
func shrink(v any, fails func() bool, set func(any)) {
	switch t := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(t))
		slices.Reverse(keys)
		for _, k := range keys {
			c := t[k]
			delete(t, k)
			if !fails() {
				t[k] = c
			}
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			shrink(t[k], fails, func(n any) { t[k] = n })
		}
	case []any:
		if set == nil {
			return
		}
		kept := t
		for i := len(kept) - 1; i >= 0; i-- {
			trial := slices.Delete(slices.Clone(kept), i, i+1)
			set(trial)
			if fails() {
				kept = trial
			} else {
				set(kept)
			}
		}
		for i, c := range kept {
			shrink(c, fails, func(n any) { kept[i] = n })
		}
	}
}

// toProject binds the loaded model to compose-go's types as
// loader.ModelToProject does, without its file-reading stages: that
// function reads every service's label_file (and, unless skipped, its
// env_file) relative to the process's working directory, and a check
// must never read a file a snippet names. What is kept: the project name
// removed, the x- extension keys set aside, the binding (loader.Transform).
// Profiles, consistency and the resolved environment do not change
// whether the binding succeeds.
func toProject(dict map[string]any) error {
	delete(dict, "name")
	project := &types.Project{Name: "guide", WorkingDir: "/nonexistent", Environment: types.Mapping{}}
	return loader.Transform(setAsideExtensions(dict, nil), project)
}

// userDefined are the paths whose keys are names the writer chose (a
// service called x-web is a service), as compose-go lists them; "*"
// matches any key.
var userDefined = [][]string{
	{"services"},
	{"services", "*", "depends_on"},
	{"volumes"},
	{"networks"},
	{"secrets"},
	{"configs"},
}

// setAsideExtensions moves the x- keys of every mapping of dict (at path)
// under the key compose-go binds to Extensions, as its processExtensions
// does with no registered extension type.
func setAsideExtensions(dict map[string]any, path []string) map[string]any {
	named := false
	for _, p := range userDefined {
		if len(p) == len(path) && slices.EqualFunc(p, path, func(a, b string) bool { return a == "*" || a == b }) {
			named = true
			break
		}
	}
	extras := map[string]any{}
	for key, value := range dict {
		if !named && strings.HasPrefix(key, "x-") {
			extras[key] = value
			delete(dict, key)
			continue
		}
		switch v := value.(type) {
		case map[string]any:
			dict[key] = setAsideExtensions(v, append(slices.Clip(path), key))
		case []any:
			for i, e := range v {
				if m, ok := e.(map[string]any); ok {
					v[i] = setAsideExtensions(m, append(slices.Clip(path), strconv.Itoa(i)))
				}
			}
		}
	}
	if len(extras) > 0 {
		dict[consts.Extensions] = extras
	}
	return dict
}

// freeForm are the service keys whose mapping form holds only names and
// scalar values: the schema has checked them entirely (list_or_dict), and
// the loader has nothing to add but cost (compose-go matches every value's
// path against all its transformers), so they reach it empty.
var freeForm = []string{"environment", "labels", "annotations", "sysctls"}

// lighten empties the free-form mappings of every service of cfg.
func lighten(cfg map[string]any) {
	services, _ := cfg["services"].(map[string]any)
	for _, sv := range services {
		svc, _ := sv.(map[string]any)
		for _, k := range freeForm {
			if m, ok := svc[k].(map[string]any); ok && len(m) > 0 {
				svc[k] = map[string]any{}
			}
		}
	}
}

// copyValue deep-copies a model, so that the loader never changes the
// values isolation reuses.
func copyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, c := range t {
			out[k] = copyValue(c)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, c := range t {
			out[i] = copyValue(c)
		}
		return out
	}
	return v
}

func loaderOptions(o *loader.Options) {
	o.SetProjectName("guide", true)
	o.SkipValidation = true
	o.SkipConsistencyCheck = true
	o.SkipResolveEnvironment = true
	o.SkipInclude = true
	o.SkipExtends = true
	o.ResolvePaths = false
	// Interpolate as compose does, with every variable unset: defaults
	// apply and the rest become empty. Findings on values holding
	// variables are dropped by the caller, since their real value is
	// unknown.
	o.Interpolate.LookupValue = func(string) (string, bool) { return "", false }
	o.Interpolate.Substitute = func(s string, m template.Mapping) (string, error) {
		return template.SubstituteWithOptions(s, m, template.WithoutLogging)
	}
}

// panicError is a panic inside compose-go, reported rather than fatal.
type panicError struct{ v any }

func (p panicError) Error() string { return "the compose loader failed on this snippet" }

// decodePath returns the structural path of the first mapstructure
// decoding error in err's tree (compose-go binds the model to its types
// with mapstructure, which names the field it failed on).
func decodePath(err error) ([]string, string, bool) {
	var de *mapstructure.DecodeError
	if !errors.As(err, &de) {
		// compose-go's interpolation names the value it could not cast.
		if rest, ok := strings.CutPrefix(err.Error(), interpolating); ok {
			if path, msg, ok := strings.Cut(rest, ": "); ok && path != "" {
				return splitName(path), msg, true
			}
		}
		return nil, "", false
	}
	inner := de.Unwrap()
	msg := ""
	if inner != nil {
		msg = inner.Error()
	}
	return splitName(de.Name()), msg, true
}

// splitName splits a mapstructure field name such as
// `services[web].ports[0]` into segments. Bracketed segments may hold dots
// (service names do); the caller resolves dotted ones against the model.
// interpolating starts the error compose-go's interpolation returns for
// a value it cannot cast to its field's type, which it follows with the
// value's dotted path and a colon.
const interpolating = "error while interpolating "

func splitName(name string) []string {
	var out []string
	for name != "" {
		switch {
		case name[0] == '.':
			name = name[1:]
		case name[0] == '[':
			end := strings.IndexByte(name, ']')
			if end < 0 {
				return append(out, name[1:])
			}
			out = append(out, name[1:end])
			name = name[end+1:]
		default:
			end := strings.IndexAny(name, ".[")
			if end < 0 {
				end = len(name)
			}
			out = append(out, name[:end])
			name = name[end:]
		}
	}
	return out
}

// loaderMessage returns err's message for a diagnostic: lowercase first
// letter, no "validating compose.yml: " prefix, one line.
func loaderMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "validating "+composeFile+": ")
	msg = strings.TrimPrefix(msg, "decoding failed due to the following error(s):")
	msg = strings.Join(strings.Fields(msg), " ")
	if msg != "" && msg[0] >= 'A' && msg[0] <= 'Z' && (len(msg) == 1 || msg[1] < 'A' || msg[1] > 'Z') {
		msg = strings.ToLower(msg[:1]) + msg[1:]
	}
	return msg
}

// quoteKey quotes s for a message when it is not a plain word.
func quoteKey(s string) string {
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(s)
		}
	}
	if s == "" {
		return `""`
	}
	return s
}
