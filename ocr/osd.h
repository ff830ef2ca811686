// Orientation and script detection through Tesseract's C++ API, which
// gosseract does not expose.
#ifndef CHARTROOM_OSD_H
#define CHARTROOM_OSD_H
#ifdef __cplusplus
extern "C" {
#endif
void* chartroom_osd_new(const char* datapath, char* errbuf, int errlen);
int chartroom_osd_detect(void* h, const unsigned char* data, int size, int dpi, int* deg, float* conf);
void chartroom_osd_free(void* h);
int chartroom_layout(void* h, const unsigned char* data, int size, int dpi, int* out, int max);
#ifdef __cplusplus
}
#endif
#endif
