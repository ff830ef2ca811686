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

// Page layout analysis only (no recognition), on the OSD handle: writes up
// to max blocks as 5 ints each (left, top, right, bottom, PolyBlockType)
// and returns how many, or -1 when the image cannot be read. The handle is
// left in orientation-only mode.
int chartroom_layout(void* h, const unsigned char* data, int size, int dpi, int* out, int max) {
	auto api = static_cast<tesseract::TessBaseAPI*>(h);
	Pix* pix = pixReadMem(data, (size_t)size);
	if (pix == nullptr) return -1;
	if (dpi > 0) pixSetResolution(pix, dpi, dpi);
	api->SetPageSegMode(tesseract::PSM_AUTO_ONLY);
	api->SetImage(pix);
	int n = 0;
	tesseract::PageIterator* it = api->AnalyseLayout();
	if (it != nullptr) {
		do {
			if (n >= max) break;
			int l, t, r, b;
			if (!it->BoundingBox(tesseract::RIL_BLOCK, &l, &t, &r, &b)) continue;
			out[5 * n + 0] = l;
			out[5 * n + 1] = t;
			out[5 * n + 2] = r;
			out[5 * n + 3] = b;
			out[5 * n + 4] = (int)it->BlockType();
			n++;
		} while (it->Next(tesseract::RIL_BLOCK));
		delete it;
	}
	api->Clear();
	pixDestroy(&pix);
	api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
	return n;
}
