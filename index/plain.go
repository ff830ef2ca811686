package index

import (
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/highlight"
	simpleFormatter "github.com/blevesearch/bleve/v2/search/highlight/format/plain"
	simpleFragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// plainHighlighter marks hits as [[word]]: readable in JSON and in logs of
// a terminal that shows no colours.
const plainHighlighter = "chartroom-plain"

func init() {
	// Registering a highlighter is Bleve's only extension point for one.
	registry.RegisterHighlighter(plainHighlighter, func(config map[string]interface{}, cache *registry.Cache) (highlight.Highlighter, error) {
		fragmenter, err := cache.FragmenterNamed(simpleFragmenter.Name)
		if err != nil {
			return nil, err
		}
		formatter := simpleFormatter.NewFragmentFormatter("[[", "]]")
		return simpleHighlighter.NewHighlighter(fragmenter, formatter, simpleHighlighter.DefaultSeparator), nil
	})
}
