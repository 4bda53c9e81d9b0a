//! WebKit settings shared by the app and the bare window it is measured
//! against (examples/fenetre_nue.rs).

/// WebKitGTK's accelerated compositing brings in a GL stack (Mesa's llvmpipe
/// where there is no GPU, as on many school PCs and in CI) for about 80 MB per
/// window. SchémaTIC's screens are forms and one SVG: software painting is
/// enough, so it is turned off. Likewise the page cache sized for browsing.
#[cfg(target_os = "linux")]
pub fn sobriete(app: &tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};
    if let Some(fenetre) = app.get_webview_window("main") {
        let _ = fenetre.with_webview(|w| {
            if let Some(reglages) = w.inner().settings() {
                reglages.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            // One local page, never browsed: no need for a browser's caches.
            if let Some(contexte) = w.inner().context() {
                contexte.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
pub fn sobriete(_app: &tauri::App) {}
