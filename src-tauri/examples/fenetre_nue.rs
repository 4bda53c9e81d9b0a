//! A bare Tauri window: one static page, no command, no data — built with the
//! same Tauri, wry and WebKit versions and the same WebKit settings as the
//! app. `cargo xtask bench` measures the app against it in the same run, so
//! the share of memory and start-up that is SchémaTIC's own is known
//! whatever WebKitGTK costs on the machine.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../src/webkit.rs"]
mod webkit;

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            webkit::sobriete(app);
            Ok(())
        })
        .run(tauri::generate_context!("examples/fenetre-nue/tauri.conf.json"))
        .expect("the bare window opens");
}
