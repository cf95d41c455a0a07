"""What the voice-note tier and bench/transcribe.py have espeak-ng say: ten varied sentences per language
(a repeated sentence would measure Whisper's loop on repeated text, not a voice note)."""

# Ten sentences a fan or a creator would say, per language; spoken as one note (about 25 s each).
SENTENCES = {
    "en": ["Thank you so much for the lovely message.", "I will send the new video tonight.",
           "The beach set is ready for you.", "Tell me what you would like to see next.",
           "I am filming a short clip this weekend.", "Your support means the world to me.",
           "The photos from the trip came out great.", "I read every message you send.",
           "There is a special price until Sunday.", "Have a wonderful evening and sleep well."],
    "fr": ["Merci beaucoup pour ton gentil message.", "Je vais envoyer la nouvelle vidéo ce soir.",
           "La série à la plage est prête pour toi.", "Dis-moi ce que tu aimerais voir ensuite.",
           "Je tourne une petite vidéo ce week-end.", "Ton soutien compte énormément pour moi.",
           "Les photos du voyage sont très réussies.", "Je lis tous les messages que tu envoies.",
           "Il y a un prix spécial jusqu'à dimanche.", "Passe une très belle soirée et dors bien."],
}
