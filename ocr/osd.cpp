#include <cstdio>
#include <tesseract/baseapi.h>
#include <leptonica/allheaders.h>
#include "osd.h"

void* chartroom_osd_new(const char* datapath, char* errbuf, int errlen) {
	auto api = new tesseract::TessBaseAPI();
	if (api->Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
		snprintf(errbuf, errlen, "cannot load Tesseract OSD data (osd.traineddata); install tesseract-ocr-osd");
		delete api;
		return nullptr;
	}
	// No debug_file=/dev/null: Tesseract would reopen the whole process's
	// stderr onto it, silencing Chartroom's log.
	api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
	return api;
}

// Returns 0 and sets deg/conf on success, 1 when the page has too little
// text to tell, -1 when the image cannot be read.
int chartroom_osd_detect(void* h, const unsigned char* data, int size, int dpi, int* deg, float* conf) {
	auto api = static_cast<tesseract::TessBaseAPI*>(h);
	Pix* pix = pixReadMem(data, (size_t)size);
	if (pix == nullptr) return -1;
	if (dpi > 0) pixSetResolution(pix, dpi, dpi);
	api->SetImage(pix);
	const char* script = nullptr;
	float script_conf = 0;
	bool ok = api->DetectOrientationScript(deg, conf, &script, &script_conf);
	api->Clear();
	pixDestroy(&pix);
	return ok ? 0 : 1;
}

void chartroom_osd_free(void* h) {
	auto api = static_cast<tesseract::TessBaseAPI*>(h);
	api->End();
	delete api;
}
