"""The iCloud guide's Spanish translation, published as staff publish one, so that the
bench's Spanish visits read Spanish screens, site words and guide alike."""

# Each of the guide's strings, by its English text: any string it gains stops the bench
# with that text, rather than publishing a translation with English in it.
SPANISH = {
    "iCloud Photos isn't syncing on my iPhone": (
        "Las fotos de iCloud no se sincronizan en el iPhone"
    ),
    "New photos don't show up on your other devices, or your library looks out of date. "
    "The quick checks come first, then the slower fixes.": (
        "Las fotos nuevas no aparecen en tus otros dispositivos, o tu fototeca parece "
        "desactualizada. Primero las comprobaciones rápidas, después las soluciones más lentas."
    ),
    "iCloud storage is full": "El almacenamiento de iCloud está lleno",
    "Syncing paused": "Sincronización en pausa",
    "Photos stuck on uploading": "Las fotos no terminan de subirse",
    "New photos missing on my other devices": "Faltan fotos nuevas en mis otros dispositivos",
    "Yes, it's fixed": "Sí, ya está solucionado",
    "No, still not working": "No, sigue sin funcionar",
    "Read the status line at the bottom of Photos": ("Lee la línea de estado al final de Fotos"),
    "Photos": "Fotos",
    "Photos tells you what iCloud is doing in a status line at the very end of your\n"
    "library. Open **Photos** and scroll all the way down to read it.\n\n"
    "- **Items are syncing:** your photos are on their way. Give them time, then look\n"
    "  again.\n"
    "- **Syncing is paused:** the line says why, for example Low Power Mode or Low Data\n"
    "  Mode. The next steps deal with each reason.\n"
    "- **Sync Now** next to the message: tap it to sync straight away.\n"
    "- **Waiting to Sync:** check that your iPhone is online, then give it a few\n"
    "  minutes.\n\n"
    "While you wait, leave iCloud Photos switched on.": (
        "Fotos te dice qué está haciendo iCloud en una línea de estado al final de tu\n"
        "fototeca. Abre **Fotos** y desplázate hasta abajo del todo para leerla.\n\n"
        "- **Sincronizando elementos:** tus fotos están en camino. Dales tiempo y vuelve\n"
        "  a mirar.\n"
        "- **Sincronización en pausa:** la línea dice por qué, por ejemplo el modo de bajo\n"
        "  consumo o el modo de datos reducidos. Los pasos siguientes tratan cada motivo.\n"
        "- **Sincronizar ahora** junto al mensaje: tócalo para sincronizar en el acto.\n"
        "- **Esperando para sincronizar:** comprueba que tu iPhone tiene conexión y dale\n"
        "  unos minutos.\n\n"
        "Mientras esperas, deja activadas las Fotos de iCloud."
    ),
    "Turn off Low Power Mode": "Desactiva el modo de bajo consumo",
    "Settings > Battery": "Ajustes > Batería",
    "iCloud Photos stops syncing for a while when your iPhone is in Low Power Mode, and\n"
    "when its battery is low.\n\n"
    "Go to **Settings > Battery** and switch **Low Power Mode** off. Or plug your iPhone\n"
    "in: Low Power Mode goes off by itself once the battery has charged enough.\n\n"
    "To keep Low Power Mode on and sync anyway, tap **Sync Now** next to the status line\n"
    "in Photos.": (
        "Fotos de iCloud deja de sincronizar un rato cuando tu iPhone está en modo de bajo\n"
        "consumo y cuando le queda poca batería.\n\n"
        "Ve a **Ajustes > Batería** y desactiva el **modo de bajo consumo**. O conecta tu\n"
        "iPhone al cargador: el modo de bajo consumo se apaga solo cuando la batería se ha\n"
        "cargado lo suficiente.\n\n"
        "Para dejar el modo de bajo consumo activado y sincronizar igualmente, toca\n"
        "**Sincronizar ahora** junto a la línea de estado de Fotos."
    ),
    "Check your connection and Low Data Mode": (
        "Comprueba tu conexión y el modo de datos reducidos"
    ),
    "Settings > Wi-Fi": "Ajustes > Wi-Fi",
    "iCloud Photos needs the internet. Load a new page in Safari to check that your\n"
    "iPhone is online.\n\n"
    "Low Data Mode pauses iCloud Photos too. Wi-Fi and cellular each have their own\n"
    "switch, so check both:\n\n"
    "- **Wi-Fi:** go to **Settings > Wi-Fi**, tap the **Info** button next to your\n"
    "  network, and switch **Low Data Mode** off.\n"
    "- **Cellular:** go to **Settings > Cellular > Cellular Data Options** and turn\n"
    "  **Low Data Mode** off (on some iPhones you pick it under **Data Mode**). With two\n"
    "  SIMs, check each plan.\n\n"
    "To sync without changing these, tap **Sync Now** next to the status line in\n"
    "Photos.": (
        "Fotos de iCloud necesita internet. Carga una página nueva en Safari para comprobar\n"
        "que tu iPhone tiene conexión.\n\n"
        "El modo de datos reducidos también pone en pausa Fotos de iCloud. La Wi-Fi y los\n"
        "datos móviles tienen cada uno su propio interruptor, así que comprueba los dos:\n\n"
        "- **Wi-Fi:** ve a **Ajustes > Wi-Fi**, toca el botón de **información** junto a tu\n"
        "  red y desactiva el **modo de datos reducidos**.\n"
        "- **Datos móviles:** ve a **Ajustes > Datos móviles > Opciones** y desactiva el\n"
        "  **modo de datos reducidos** (en algunos iPhone se elige en **Modo de datos**).\n"
        "  Con dos SIM, comprueba cada tarifa.\n\n"
        "Para sincronizar sin cambiar nada de esto, toca **Sincronizar ahora** junto a la\n"
        "línea de estado de Fotos."
    ),
    "Check your Apple Account and the iCloud Photos switch": (
        "Comprueba tu cuenta de Apple y el interruptor de Fotos de iCloud"
    ),
    "Settings > [your name] > iCloud > Photos": "Ajustes > [tu nombre] > iCloud > Fotos",
    "Photos only sync between devices signed in to iCloud with the **same Apple\n"
    "Account**. Open **Settings** and tap your name at the top to see which Apple Account\n"
    "this iPhone uses. If it isn't the one on your other devices, or you aren't signed\n"
    "in, sign in with the Apple Account you use everywhere else.\n\n"
    "Then tap **iCloud**, then **Photos**, and check that **Sync this iPhone** is on.": (
        "Las fotos solo se sincronizan entre dispositivos con la sesión de iCloud iniciada\n"
        "con la **misma cuenta de Apple**. Abre **Ajustes** y toca tu nombre arriba para ver\n"
        "qué cuenta de Apple usa este iPhone. Si no es la de tus otros dispositivos, o no\n"
        "has iniciado sesión, inicia sesión con la cuenta de Apple que usas en todos los demás.\n\n"
        "Después toca **iCloud**, luego **Fotos**, y comprueba que **Sincronizar este iPhone**\n"
        "está activado."
    ),
    "Check your iCloud storage": "Comprueba tu almacenamiento de iCloud",
    "Settings > [your name] > iCloud": "Ajustes > [tu nombre] > iCloud",
    "Your photos and videos in iCloud Photos use up your iCloud storage. Once it's full,\n"
    "new ones stop syncing, and the status line in Photos says so.\n\n"
    "Your iCloud settings are at **Settings > [your name] > iCloud**. If your storage is\n"
    "full or nearly full, delete from iCloud what you no longer need, or buy more\n"
    "storage. Then read the status line again.": (
        "Tus fotos y vídeos de Fotos de iCloud ocupan tu almacenamiento de iCloud. Cuando\n"
        "se llena, los nuevos dejan de sincronizarse, y la línea de estado de Fotos lo dice.\n\n"
        "Los ajustes de iCloud están en **Ajustes > [tu nombre] > iCloud**. Si tu\n"
        "almacenamiento está lleno o casi lleno, borra de iCloud lo que ya no necesites, o\n"
        "compra más almacenamiento. Después vuelve a leer la línea de estado."
    ),
    "Restart your iPhone": "Reinicia tu iPhone",
    "Turn your iPhone off, wait a few seconds, and turn it on again. Then open Photos and\n"
    "read the status line.": (
        "Apaga tu iPhone, espera unos segundos y vuelve a encenderlo. Después abre Fotos y\n"
        "lee la línea de estado."
    ),
    "Update iOS": "Actualiza iOS",
    "If your iPhone doesn't have the latest iOS update yet, install it. Then open Photos\n"
    "and read the status line.": (
        "Si tu iPhone aún no tiene la última actualización de iOS, instálala. Después abre\n"
        "Fotos y lee la línea de estado."
    ),
    "Leave your iPhone charging on Wi-Fi": "Deja tu iPhone cargando con Wi-Fi",
    "iCloud Photos can wait for a charged battery, and for Wi-Fi. Plug your iPhone in,\n"
    "check that it has joined a Wi-Fi network, and leave it for a while; on a slow\n"
    "connection syncing takes longer. Then read the status line in Photos again.": (
        "Fotos de iCloud puede esperar a tener la batería cargada y a tener Wi-Fi. Conecta\n"
        "tu iPhone al cargador, comprueba que se ha conectado a una red Wi-Fi y déjalo un\n"
        "rato; con una conexión lenta, sincronizar tarda más. Después vuelve a leer la línea\n"
        "de estado de Fotos."
    ),
    "Check Apple's System Status page": "Consulta la página de estado del sistema de Apple",
    "Sometimes the problem is on Apple's side. Open Apple's\n"
    "[System Status page](https://www.apple.com/support/systemstatus/) and see whether\n"
    "it reports a problem with Photos or another iCloud service. If it does, wait until\n"
    "Apple shows it as resolved, then read the status line in Photos again.": (
        "A veces el problema está en Apple. Abre la\n"
        "[página de estado del sistema](https://www.apple.com/es/support/systemstatus/) de\n"
        "Apple y mira si indica un problema con Fotos u otro servicio de iCloud. Si es así,\n"
        "espera a que Apple lo muestre como resuelto y vuelve a leer la línea de estado de\n"
        "Fotos."
    ),
    "Get help at a Genius Bar": "Pide ayuda en un Genius Bar",
    "You've tried every fix in this guide, so it's time to let Apple take a look.\n"
    "Book a **Genius Bar** appointment at an Apple Store, or contact Apple Support\n"
    "online. Bring your iPhone and know your Apple Account password.\n\n"
    "Show them your reference code so they can see what you've already tried.": (
        "Has probado todas las soluciones de esta guía, así que es hora de que Apple le eche\n"
        "un vistazo. Pide cita en el **Genius Bar** de un Apple Store o contacta con el\n"
        "Soporte técnico de Apple en línea. Lleva tu iPhone y ten a mano la contraseña de tu\n"
        "cuenta de Apple.\n\n"
        "Enséñales tu código de referencia para que vean lo que ya has probado."
    ),
    "Book a Genius Bar appointment": "Pedir cita en el Genius Bar",
    "Contact Apple Support": "Contactar con el Soporte técnico de Apple",
}


def spanish_texts(content: dict) -> dict[str, str]:
    """The Spanish of each of the guide's strings, by its key."""
    from troubleshooter import translation

    return {key: SPANISH[text] for key, text in translation.strings(content).items()}


def publish_spanish_translation() -> None:
    """Publish the texts as the guide's Spanish version, over any Spanish it has."""
    from troubleshooter.models import Guide, Translation

    guide = Guide.objects.select_related("live_version").get(slug="icloud-photos-not-syncing")
    texts = spanish_texts(guide.live_version.content)
    spanish, _ = Translation.objects.update_or_create(
        guide=guide, language="es", defaults={"texts": texts}
    )
    spanish.publish(note="Benchmark")
    print(f"Published the guide's Spanish translation, {len(texts)} strings.\n")
