package ocr

import "github.com/chartroom/chartroom/chart"

func wordConf(text string, c float64) chart.Word { return chart.Word{Text: text, Conf: c} }
